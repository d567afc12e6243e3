/**
 * The mirror with Cargo, RubyGems, NuGet and Swift versions: a pull from one Artifact Desk keeps
 * their files, statuses and metadata; a push to an empty one goes through each format's own publish
 * endpoint, so the remote's index documents (the sparse-index entry with its renamed dependency and
 * features, the gem's dependencies, the NuGet version, the Swift release metadata) come out as they
 * were published; a second push does nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CodeartifactClient,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { startService, type RunningService } from '../../src/main/service/service';
import type { MirrorRemote } from '../../src/shared/mirror';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import {
  archiveDomain,
  archiveRepository,
  publishArchiveFixtures,
  type ArchiveFixture,
} from './archive-format-fixtures';

const keys = {
  accessKeyId: 'AKIAMIRRORARCHIVE001',
  secretAccessKey: 'mirror-archive-secret-key-00000000000000',
};
const region = 'us-west-2';

let origin: ServeHandle;
let target: ServeHandle;
let local: RunningService;
let localDir: string;
let fixtures: ArchiveFixture[];

const remoteOf = (serve: ServeHandle): MirrorRemote => ({
  region,
  domain: archiveDomain,
  endpoint: serve.endpoint,
});

async function runJob(direction: 'pull' | 'push', remote: MirrorRemote) {
  const id = local.mirror.start({ direction, remote, scope: {}, overwrite: false });
  await local.mirror.run(id);
  return local.mirror.job(id)!;
}

async function statusOn(client: CodeartifactClient, fixture: ArchiveFixture) {
  const out = await client.send(
    new ListPackageVersionsCommand({
      domain: archiveDomain,
      repository: archiveRepository,
      format: fixture.format,
      namespace: fixture.namespace,
      package: fixture.package,
    }),
  );
  return out.versions?.find((v) => v.version === fixture.version)?.status;
}

/** A document from a store's endpoint of a format, read with a token as its client would. */
async function read(
  serve: Pick<ServeHandle, 'client'>,
  format: PackageFormat,
  path: string,
  accept?: string,
) {
  const client = serve.client();
  const token =
    (await client.send(new GetAuthorizationTokenCommand({ domain: archiveDomain }))).authorizationToken ?? '';
  const { repositoryEndpoint } = await client.send(
    new GetRepositoryEndpointCommand({ domain: archiveDomain, repository: archiveRepository, format }),
  );
  const response = await fetch(`${repositoryEndpoint}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
  });
  expect(response.status, `GET ${format} ${path}`).toBe(200);
  return response.text();
}

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', keys.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', keys.secretAccessKey);
  vi.stubEnv('AWS_PROFILE', '');
  [origin, target] = await Promise.all([
    startServe({ ...keys, region, args: ['--no-client-config'], startTimeoutMs: 120_000 }),
    startServe({ ...keys, region, args: ['--no-client-config'], startTimeoutMs: 120_000 }),
  ]);
  fixtures = await publishArchiveFixtures(origin.client());
  localDir = await makeTempDir('artifact-desk-mirror-archives-');
  local = await startService({ dataDir: localDir, port: 0, useClientConfig: false, region });
}, 300_000);

afterAll(async () => {
  await local?.stop();
  await Promise.all([origin?.dispose(), target?.dispose()]);
  if (localDir) await removeDir(localDir);
  vi.unstubAllEnvs();
});

/** The local service reached like a serve child: its SDK client with the test's credentials. */
function localSide(): Pick<ServeHandle, 'client'> {
  return {
    client: () => new CodeartifactClient({ endpoint: local.url, region, credentials: local.credentials }),
  };
}

/** The format endpoints answer for every fixture as they do where it was published. */
async function expectServedAsPublished(side: Pick<ServeHandle, 'client'>) {
  const crate = JSON.parse(await read(side, 'cargo', 'mi/rr/mirror-crate')) as Record<string, unknown>;
  expect(crate).toMatchObject({
    name: 'mirror-crate',
    vers: '0.4.0',
    yanked: true,
    features: { default: ['std'], std: [] },
    deps: [{ name: 'serde_renamed', package: 'serde', req: '^1.0', features: ['derive'], kind: 'normal' }],
  });
  expect(await read(side, 'ruby', 'info/mirror-gem')).toMatch(/^2\.1\.0 rake:>= 13\.0/m);
  const registration = await read(side, 'nuget', 'v3/registration/mirror.lib/index.json');
  expect(registration).toContain('"version":"3.0.1"');
  expect(registration, 'the Unlisted version is listed: false').toContain('"listed":false');
  const release = JSON.parse(
    await read(side, 'swift', 'desk/kit/1.2.0', 'application/vnd.swift.registry.v1+json'),
  ) as { metadata?: Record<string, unknown> };
  expect(release.metadata).toMatchObject({ description: 'Kit the mirror copies' });
}

describe('mirror of Cargo, RubyGems, NuGet and Swift versions', () => {
  it('pulls them with their statuses and pushes them through each format’s publish endpoint', async () => {
    const pull = await runJob('pull', remoteOf(origin));
    expect(pull.items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(pull.done).toBe(fixtures.length);

    await expectServedAsPublished(localSide());

    const push = await runJob('push', remoteOf(target));
    expect(push.items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(push.state, push.message).toBe('done');
    expect(push.done).toBe(fixtures.length);
    const plan = await local.mirror.plan(remoteOf(target), {});
    expect(plan.counts).toEqual({ 'only-local': 0, 'only-remote': 0, same: fixtures.length, conflicting: 0 });
    for (const fixture of fixtures)
      expect(await statusOn(target.client(), fixture), fixture.package).toBe(fixture.status);

    await expectServedAsPublished(target);

    const again = await runJob('push', remoteOf(target));
    expect(again.state).toBe('done');
    expect(again.total).toBe(0);
  });
});
