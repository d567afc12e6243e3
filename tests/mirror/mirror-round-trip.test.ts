/**
 * The mirror against a second Artifact Desk as the remote (a real `serve` child reached with the AWS
 * SDK and static credentials from the environment): plan, pull and push of npm, PyPI, Maven and
 * generic versions with their statuses, a second run of each doing nothing, and conflicts left alone
 * unless overwriting is asked for.
 */
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { startService, type RunningService } from '../../src/main/service/service';
import type { MirrorPlan, MirrorRemote } from '../../src/shared/mirror';
import { readAll, sha256Hex } from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { fixtureDomain, publishFixtures, type FixtureVersion } from './mirror-fixtures';

const keys = {
  accessKeyId: 'AKIAMIRRORTEST000001',
  secretAccessKey: 'mirror-test-secret-key-0000000000000000',
};
const region = 'us-west-2';

let origin: ServeHandle;
let target: ServeHandle;
let local: RunningService;
let localDir: string;
let fixtures: FixtureVersion[];

function remoteOf(serve: ServeHandle): MirrorRemote {
  return { region, domain: fixtureDomain, endpoint: serve.endpoint };
}

function byVersion(plan: MirrorPlan) {
  return Object.fromEntries(plan.versions.map((v) => [`${v.format} ${v.package} ${v.version}`, v]));
}

async function statuses(client: CodeartifactClient, fixture: FixtureVersion) {
  const out = await client.send(
    new ListPackageVersionsCommand({
      domain: fixtureDomain,
      repository: fixture.repository,
      format: fixture.format,
      namespace: fixture.namespace,
      package: fixture.package,
    }),
  );
  return out.versions?.find((v) => v.version === fixture.version)?.status;
}

/** The npm endpoint of `team` on a side, with a token, as `aws codeartifact login --tool npm` gets them. */
async function npmOf(side: ServeHandle | RunningService) {
  const input = { domain: fixtureDomain, repository: 'team', format: 'npm' as const };
  if ('invoke' in side) {
    const found = await side.invoke('GetRepositoryEndpoint', input);
    const token = await side.invoke('GetAuthorizationToken', { domain: fixtureDomain });
    return { endpoint: found.repositoryEndpoint ?? '', token: token.authorizationToken ?? '' };
  }
  const found = await side.client().send(new GetRepositoryEndpointCommand(input));
  const token = await side.client().send(new GetAuthorizationTokenCommand({ domain: fixtureDomain }));
  return { endpoint: found.repositoryEndpoint ?? '', token: token.authorizationToken ?? '' };
}

/** `npm dist-tag ls` / `npm dist-tag add` as the npm client sends them. */
async function distTags(side: ServeHandle | RunningService, name: string, add?: [string, string]) {
  const { endpoint, token } = await npmOf(side);
  const url = `${endpoint}-/package/${encodeURIComponent(name)}/dist-tags`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (add) {
    const put = await fetch(`${url}/${add[0]}`, { method: 'PUT', headers, body: JSON.stringify(add[1]) });
    expect(put.status, await put.text()).toBeLessThan(300);
  }
  const answer = await fetch(url, { headers });
  return (await answer.json()) as Record<string, string>;
}

async function runJob(direction: 'pull' | 'push', remote: MirrorRemote, overwrite = false) {
  const id = local.mirror.start({ direction, remote, scope: {}, overwrite });
  await local.mirror.run(id);
  return local.mirror.job(id)!;
}

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', keys.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', keys.secretAccessKey);
  vi.stubEnv('AWS_PROFILE', '');
  [origin, target] = await Promise.all([
    startServe({ ...keys, region, args: ['--no-client-config'] }),
    startServe({ ...keys, region, args: ['--no-client-config'] }),
  ]);
  fixtures = await publishFixtures(origin.client());
  localDir = await makeTempDir('artifact-desk-mirror-local-');
  local = await startService({ dataDir: localDir, port: 0, useClientConfig: false, region });
}, 120_000);

afterAll(async () => {
  await local?.stop();
  await Promise.all([origin?.dispose(), target?.dispose()]);
  if (localDir) await removeDir(localDir);
  vi.unstubAllEnvs();
});

describe('mirror with another Artifact Desk as the remote', () => {
  it('plans a domain only the remote has: its repositories, upstreams and every version', async () => {
    const plan = await local.mirror.plan(remoteOf(origin), {});
    expect(plan.domainOnLocal).toBe(false);
    expect(plan.domainOnRemote).toBe(true);
    expect(plan.repositories.map((r) => [r.name, r.presence])).toEqual([
      ['main', 'remote-only'],
      ['team', 'remote-only'],
    ]);
    expect(plan.repositories.find((r) => r.name === 'main')?.externalConnectionsOnlyRemote).toEqual([
      'public:npmjs',
    ]);
    expect(plan.repositories.find((r) => r.name === 'team')?.upstreamsOnlyRemote).toEqual(['main']);
    expect(plan.counts).toEqual({ 'only-local': 0, 'only-remote': fixtures.length, same: 0, conflicting: 0 });
  });

  it('pulls structure and versions with their statuses and assets, and a second pull does nothing', async () => {
    const job = await runJob('pull', remoteOf(origin));
    expect(job.state, job.message).toBe('done');
    expect(job.items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(job.done).toBe(fixtures.length);
    expect(job.bytesDone).toBe(job.bytesTotal);
    const plan = await local.mirror.plan(remoteOf(origin), {});
    expect(plan.counts).toEqual({ 'only-local': 0, 'only-remote': 0, same: fixtures.length, conflicting: 0 });
    expect(plan.repositories.every((r) => r.presence === 'both' && r.upstreamsOnlyRemote.length === 0)).toBe(
      true,
    );
    expect(plan.repositories.every((r) => r.externalConnectionsOnlyRemote.length === 0)).toBe(true);
    const localClient = { send: local.invoke };
    for (const fixture of fixtures) {
      const out = await localClient.send('ListPackageVersions', {
        domain: fixtureDomain,
        repository: fixture.repository,
        format: fixture.format,
        namespace: fixture.namespace,
        package: fixture.package,
      });
      expect(out.versions?.find((v) => v.version === fixture.version)?.status, fixture.package).toBe(
        fixture.status,
      );
    }
    const asset = await local.invoke('GetPackageVersionAsset', {
      domain: fixtureDomain,
      repository: 'team',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '1.0',
      asset: 'cli-mac.tar',
    });
    expect((await readAll(asset.asset as Readable)).toString()).toBe('mac build');

    const again = await runJob('pull', remoteOf(origin));
    expect(again.state).toBe('done');
    expect(again.total).toBe(0);
  });

  it('pushes to an empty remote through PublishPackageVersion and the npm, PyPI and Maven endpoints, keeping statuses', async () => {
    const job = await runJob('push', remoteOf(target));
    expect(job.items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(job.state, job.message).toBe('done');
    expect(job.done).toBe(fixtures.length);
    const plan = await local.mirror.plan(remoteOf(target), {});
    expect(plan.counts).toEqual({ 'only-local': 0, 'only-remote': 0, same: fixtures.length, conflicting: 0 });
    expect(plan.repositories.map((r) => r.presence)).toEqual(['both', 'both']);
    for (const fixture of fixtures)
      expect(await statuses(target.client(), fixture), fixture.package).toBe(fixture.status);
    const mac = await target.client().send(
      new GetPackageVersionAssetCommand({
        domain: fixtureDomain,
        repository: 'team',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '1.0',
        asset: 'cli-mac.tar',
      }),
    );
    expect(await mac.asset?.transformToString()).toBe('mac build');

    const again = await runJob('push', remoteOf(target));
    expect(again.state).toBe('done');
    expect(again.total).toBe(0);
  });

  it('leaves a conflicting version alone unless asked, and then takes the other side', async () => {
    const version = {
      domain: fixtureDomain,
      repository: 'team',
      format: 'generic' as const,
      namespace: 'tools',
      package: 'cli',
      packageVersion: '2.0',
    };
    await origin.client().send(
      new PublishPackageVersionCommand({
        ...version,
        assetName: 'cli.tar',
        assetContent: Buffer.from('remote build'),
        assetSHA256: sha256Hex('remote build'),
      }),
    );
    await local.invoke('PublishPackageVersion', {
      ...version,
      assetName: 'cli.tar',
      assetContent: Buffer.from('local build'),
      assetSHA256: sha256Hex('local build'),
    });
    let plan = await local.mirror.plan(remoteOf(origin), {});
    expect(byVersion(plan)['generic cli 2.0']).toMatchObject({
      comparison: 'conflicting',
      reason: "assets differ: 'cli.tar' has other content",
    });
    const untouched = await runJob('pull', remoteOf(origin));
    expect(untouched.total).toBe(0);
    const overwritten = await runJob('pull', remoteOf(origin), true);
    expect(overwritten.done).toBe(1);
    plan = await local.mirror.plan(remoteOf(origin), {});
    expect(byVersion(plan)['generic cli 2.0']?.comparison).toBe('same');
    const asset = await local.invoke('GetPackageVersionAsset', { ...version, asset: 'cli.tar' });
    expect((await readAll(asset.asset as Readable)).toString()).toBe('remote build');
  });

  it('pushes a status change (Archived) only when overwriting is asked for', async () => {
    const generic = {
      domain: fixtureDomain,
      repository: 'team',
      format: 'generic' as const,
      namespace: 'tools',
      package: 'cli',
    };
    await local.invoke('UpdatePackageVersionsStatus', {
      ...generic,
      versions: ['1.0'],
      targetStatus: 'Archived',
    });
    const plan = await local.mirror.plan(remoteOf(target), {});
    expect(byVersion(plan)['generic cli 1.0']).toMatchObject({
      comparison: 'conflicting',
      localStatus: 'Archived',
      remoteStatus: 'Published',
    });
    expect((await runJob('push', remoteOf(target))).total).toBe(1);
    const job = await runJob('push', remoteOf(target), true);
    expect(job.items.filter((i) => i.state === 'failed')).toEqual([]);
    const archived = { ...generic, version: '1.0', status: 'Published' as const };
    expect(await statuses(target.client(), archived)).toBe('Archived');
    expect(byVersion(await local.mirror.plan(remoteOf(target), {}))['generic cli 1.0']?.comparison).toBe(
      'same',
    );
  });

  it('carries npm dist-tags both ways through the npm dist-tag endpoint, which the API has no operation for', async () => {
    await distTags(origin, 'mirror-left-pad', ['beta', '1.0.0']);
    const pulled = await runJob('pull', remoteOf(origin));
    expect(pulled.state, pulled.message).toBe('done');
    expect(pulled.message).toContain('1 npm dist-tag(s) set');
    expect(await distTags(local, 'mirror-left-pad')).toEqual({ latest: '1.1.0', beta: '1.0.0' });
    const pulledAgain = await runJob('pull', remoteOf(origin));
    expect(pulledAgain.message ?? '', 'a second pull sets no tag').not.toContain('dist-tag');

    await distTags(local, '@team/mirror-util', ['next', '2.0.0']);
    const pushed = await runJob('push', remoteOf(target), true);
    expect(pushed.state, pushed.message).toBe('done');
    expect(pushed.message).toContain('2 npm dist-tag(s) set');
    expect(await distTags(target, 'mirror-left-pad')).toEqual({ latest: '1.1.0', beta: '1.0.0' });
    expect(await distTags(target, '@team/mirror-util')).toEqual({ latest: '2.0.0', next: '2.0.0' });
    const pushedAgain = await runJob('push', remoteOf(target));
    expect(pushedAgain.message ?? '', 'a second push sets no tag').not.toContain('dist-tag');
  });

  it('pulls an Archived version whose file this side already holds without asking the remote for it', async () => {
    // The remote serves no file of an Archived version: the pull can only take the one stored here.
    const version = {
      domain: fixtureDomain,
      repository: 'team',
      format: 'generic' as const,
      namespace: 'tools',
      package: 'cli',
      packageVersion: '1.0-archived',
    };
    await origin.client().send(
      new PublishPackageVersionCommand({
        ...version,
        assetName: 'cli-mac.tar',
        assetContent: Buffer.from('mac build'),
        assetSHA256: sha256Hex('mac build'),
      }),
    );
    await origin.client().send(
      new UpdatePackageVersionsStatusCommand({
        domain: fixtureDomain,
        repository: 'team',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        versions: ['1.0-archived'],
        targetStatus: 'Archived',
      }),
    );
    const job = await runJob('pull', remoteOf(origin));
    expect(
      job.items.map((item) => [item.version, item.state, item.message]),
      'the held file is used',
    ).toEqual([['1.0-archived', 'done', expect.anything()]]);
    const { assets } = await local.invoke('ListPackageVersionAssets', version);
    expect(assets?.map((asset) => [asset.name, asset.hashes?.['SHA-256']])).toEqual([
      ['cli-mac.tar', sha256Hex('mac build')],
    ]);
    const { packageVersion } = await local.invoke('DescribePackageVersion', version);
    expect(packageVersion?.status).toBe('Archived');
  });
});
