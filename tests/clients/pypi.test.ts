/**
 * The PyPI endpoint with the real clients: twine uploads a wheel and an sdist, pip installs and
 * downloads them from a fresh venv, status rules as pip sees them, resolution through an upstream and
 * through a `public:pypi` external connection to a fake index (then with that index stopped), the
 * dependency-confusion guard, and `aws codeartifact login --tool pip|twine`.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionDependenciesCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, waitForOutput, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeIndex, type FakeIndex } from './pypi/fake-index';
import { buildDists, indexUrl, isolatedEnv, makeVenv, run, wheelMetadata } from './pypi/python-tools';

const domain = 'pyd';
let serve: ServeHandle;
let client: CodeartifactClient;
let fake: FakeIndex;
let work: string;
let token: string;
const endpoints: Record<string, string> = {};

async function endpointOf(repository: string): Promise<string> {
  const answer = await client.send(new GetRepositoryEndpointCommand({ domain, repository, format: 'pypi' }));
  if (!answer.repositoryEndpoint) throw new Error('no endpoint');
  return answer.repositoryEndpoint;
}

function auth(): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
}

async function twineUpload(repository: string, files: string[], home: string) {
  return run(
    'twine',
    [
      'upload',
      '--non-interactive',
      '--disable-progress-bar',
      '--repository-url',
      endpoints[repository] ?? '',
      ...files,
    ],
    isolatedEnv(home, { TWINE_USERNAME: 'aws', TWINE_PASSWORD: token }),
  );
}

let venvCount = 0;
async function freshPip(): Promise<{ pip: string; home: string; env: NodeJS.ProcessEnv }> {
  const home = path.join(work, `home-${++venvCount}`);
  await mkdir(home, { recursive: true });
  const env = isolatedEnv(home);
  const pip = await makeVenv(path.join(work, `venv-${venvCount}`), env);
  return { pip, home, env };
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-pypi-');
  const upstreamFiles = path.join(work, 'public');
  await buildDists(upstreamFiles, 'extlib', '2.0.0', { wheelOnly: true });
  await buildDists(upstreamFiles, 'extlib', '2.1.0', { wheelOnly: true, requiresPython: '>=3.99' });
  // The public namesake of the locally published project (dependency-confusion scenario).
  await buildDists(upstreamFiles, 'demo_pkg', '9.9.9', { wheelOnly: true });
  const files = await readdir(upstreamFiles);
  const extWheel = files.find((file) => file.startsWith('extlib-2.1.0'));
  fake = await startFakeIndex(upstreamFiles, extWheel ? { [extWheel]: '>=3.99' } : {}, {
    coreMetadata: true,
  });
  // The service learns of the fake index only by asking pip (`pip config list`), as it would a
  // user's pip.conf.
  const pipConf = path.join(work, 'pip.conf');
  await writeFile(pipConf, `[global]\nindex-url = ${fake.url}\n`);
  serve = await startServe({ env: { PIP_CONFIG_FILE: pipConf }, args: ['--log-requests'] });
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain,
      repository: 'public',
      externalConnection: 'public:pypi',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'team', upstreams: [{ repositoryName: 'public' }] }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'team' }] }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
  for (const repository of ['public', 'team', 'app']) endpoints[repository] = await endpointOf(repository);
}, 90_000);

afterAll(async () => {
  await serve?.dispose();
  await fake?.close();
  if (work) await removeDir(work);
});

describe('twine upload, then pip install and pip download', () => {
  let dists: { wheel: string; sdist?: string };

  it('uploads a wheel and an sdist with twine (name normalised, metadata extracted)', async () => {
    dists = await buildDists(path.join(work, 'dist'), 'Demo_Pkg', '1.0.0', { requiresPython: '>=3.7' });
    const result = await twineUpload('team', [dists.wheel, dists.sdist ?? ''], path.join(work, 'twine-home'));
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const version = await client.send(
      new DescribePackageVersionCommand({
        domain,
        repository: 'team',
        format: 'pypi',
        package: 'demo-pkg',
        packageVersion: '1.0.0',
      }),
    );
    // twine sends the name as the metadata spells it, which it may have normalised to dashes.
    expect(version.packageVersion?.displayName).toMatch(/^Demo[-_]Pkg$/);
    expect(version.packageVersion?.summary).toBe('The Demo_Pkg test project');
    expect(version.packageVersion?.homePage).toBe('http://127.0.0.1/home');
    expect(version.packageVersion?.licenses).toEqual([{ name: 'MIT' }]);
    expect(version.packageVersion?.origin?.originType).toBe('INTERNAL');
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository: 'team',
        format: 'pypi',
        package: 'demo-pkg',
        packageVersion: '1.0.0',
      }),
    );
    expect(deps.dependencies?.map((dep) => dep.package)).toContain('colorama');
  }, 120_000);

  it('refuses an upload whose digest does not match, with the reason twine prints', async () => {
    const body = Buffer.from(
      [
        '--B',
        'Content-Disposition: form-data; name=":action"',
        '',
        'file_upload',
        '--B',
        'Content-Disposition: form-data; name="name"',
        '',
        'demo-pkg',
        '--B',
        'Content-Disposition: form-data; name="version"',
        '',
        '1.0.1',
        '--B',
        'Content-Disposition: form-data; name="sha256_digest"',
        '',
        '0'.repeat(64),
        '--B',
        'Content-Disposition: form-data; name="content"; filename="demo_pkg-1.0.1-py3-none-any.whl"',
        'Content-Type: application/octet-stream',
        '',
        'not really a wheel',
        '--B--',
        '',
      ].join('\r\n'),
    );
    const answer = await fetch(endpoints.team ?? '', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'multipart/form-data; boundary=B' },
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.statusText).toMatch(/sha256_digest does not match/);
  });

  it('serves PEP 503 HTML and PEP 691 JSON, and redirects names to their normalised form', async () => {
    const base = endpoints.team ?? '';
    const html = await fetch(`${base}simple/demo-pkg/`, { headers: auth() });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await html.text();
    const wheelSha = createHash('sha256')
      .update(await readFile(dists.wheel))
      .digest('hex');
    expect(text).toContain(`#sha256=${wheelSha}`);
    expect(text).toContain('data-requires-python="&gt;=3.7"');
    const json = await fetch(`${base}simple/demo-pkg/`, {
      headers: { ...auth(), Accept: 'application/vnd.pypi.simple.v1+json' },
    });
    expect(json.headers.get('content-type')).toBe('application/vnd.pypi.simple.v1+json');
    const page = (await json.json()) as {
      name: string;
      files: { filename: string; hashes: { sha256: string } }[];
    };
    expect(page.name).toBe('demo-pkg');
    expect(page.files.map((file) => file.filename).sort()).toEqual(
      [path.basename(dists.wheel), path.basename(dists.sdist ?? '')].sort(),
    );
    expect(page.files.find((file) => file.filename === path.basename(dists.wheel))?.hashes.sha256).toBe(
      wheelSha,
    );
    const redirect = await fetch(`${base}simple/Demo_Pkg/`, { headers: auth(), redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`${new URL(base).pathname}simple/demo-pkg/`);
    const unauthenticated = await fetch(`${base}simple/demo-pkg/`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Basic/);
    const root = await (await fetch(`${base}simple/`, { headers: auth() })).text();
    expect(root).toContain('demo-pkg');
  });

  it("announces and serves each wheel's core metadata file (PEP 658 / PEP 714), only for wheels", async () => {
    const base = endpoints.team ?? '';
    const wheelName = path.basename(dists.wheel);
    const metadataUrl = `${base}files/demo-pkg/1.0.0/${wheelName}.metadata`;
    const metadata = await wheelMetadata(dists.wheel);
    expect(metadata.length).toBeGreaterThan(0);
    const metadataSha = createHash('sha256').update(metadata).digest('hex');

    const answer = await fetch(metadataUrl, { headers: auth() });
    expect(answer.status, 'the wheel METADATA is served at <file URL>.metadata').toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(metadata);
    expect(answer.headers.get('etag')).toBe(`"${metadataSha}"`);
    expect(answer.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const again = await fetch(metadataUrl, { headers: { ...auth(), 'If-None-Match': `"${metadataSha}"` } });
    expect(again.status, 'a client holding the metadata file gets a 304').toBe(304);
    const sdistMetadata = await fetch(
      `${base}files/demo-pkg/1.0.0/${path.basename(dists.sdist ?? '')}.metadata`,
      {
        headers: auth(),
      },
    );
    expect(sdistMetadata.status, 'an sdist has no metadata file').toBe(404);
    const noSuchWheel = await fetch(`${base}files/demo-pkg/1.0.0/demo_pkg-1.0.0-py2-none-any.whl.metadata`, {
      headers: auth(),
    });
    expect(noSuchWheel.status).toBe(404);
    expect((await fetch(metadataUrl)).status, 'the metadata file needs the token like the wheel').toBe(401);

    const html = await (await fetch(`${base}simple/demo-pkg/`, { headers: auth() })).text();
    const wheelLink = html.split('\n').find((line) => line.includes(`>${wheelName}<`)) ?? '';
    expect(wheelLink).toContain(`data-core-metadata="sha256=${metadataSha}"`);
    expect(wheelLink).toContain(`data-dist-info-metadata="sha256=${metadataSha}"`);
    const sdistLink = html.split('\n').find((line) => line.includes(`>${path.basename(dists.sdist ?? '')}<`));
    expect(sdistLink).toBeDefined();
    expect(sdistLink, 'only files with a metadata file announce one').not.toContain('metadata=');
    const json = (await (
      await fetch(`${base}simple/demo-pkg/`, {
        headers: { ...auth(), Accept: 'application/vnd.pypi.simple.v1+json' },
      })
    ).json()) as { files: Record<string, unknown>[] };
    const wheelEntry = json.files.find((file) => file.filename === wheelName);
    expect(wheelEntry?.['core-metadata']).toEqual({ sha256: metadataSha });
    expect(wheelEntry?.['dist-info-metadata']).toEqual({ sha256: metadataSha });
    const sdistEntry = json.files.find((file) => file.filename !== wheelName);
    expect(sdistEntry).not.toHaveProperty('core-metadata');
    expect(sdistEntry).not.toHaveProperty('dist-info-metadata');
  });

  it('pip installs the wheel into a clean venv, resolving with its metadata file, and downloads the sdist', async () => {
    const { pip, env } = await freshPip();
    const logged = serve.output().stdout.length;
    const install = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.team ?? '', token), 'demo-pkg==1.0.0'],
      env,
    );
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(install.stdout).toMatch(
      /Successfully installed demo-pkg-1\.0\.0|Successfully installed Demo_Pkg-1\.0\.0/i,
    );
    expect(install.stdout, 'pip takes the dependencies from the metadata file').toMatch(
      /Obtaining dependency information for demo-pkg==1\.0\.0 from \S+\.whl\.metadata/i,
    );
    const requests = serve.output().stdout.slice(logged);
    expect(requests, 'the request log shows pip fetching the metadata file').toMatch(
      /request: GET \S+\/files\/demo-pkg\/1\.0\.0\/[^ ]+\.whl\.metadata 200/,
    );
    const downloads = path.join(work, 'downloads');
    const download = await run(
      pip,
      [
        'download',
        '--no-deps',
        '--no-binary',
        ':all:',
        '-d',
        downloads,
        '--index-url',
        indexUrl(endpoints.team ?? '', token),
        'demo-pkg==1.0.0',
      ],
      env,
    );
    expect(download.code, download.stderr).toBe(0);
    const fetched = await readdir(downloads);
    const sdistName = path.basename(dists.sdist ?? '');
    expect(fetched).toContain(sdistName);
    expect(await readFile(path.join(downloads, sdistName))).toEqual(await readFile(dists.sdist ?? ''));
  }, 180_000);
});

describe('status rules as pip sees them', () => {
  const versions = ['1.1.0', '1.2.0', '1.3.0'];
  const wheels: Record<string, string> = {};

  beforeAll(async () => {
    for (const version of versions) {
      const built = await buildDists(path.join(work, `status-${version}`), 'statuspkg', version, {
        wheelOnly: true,
      });
      wheels[version] = built.wheel;
      const result = await twineUpload('team', [built.wheel], path.join(work, 'twine-home'));
      if (result.code !== 0) throw new Error(result.stderr + result.stdout);
    }
    const set = (version: string, targetStatus: 'Unlisted' | 'Archived') =>
      client.send(
        new UpdatePackageVersionsStatusCommand({
          domain,
          repository: 'team',
          format: 'pypi',
          package: 'statuspkg',
          versions: [version],
          targetStatus,
        }),
      );
    await set('1.2.0', 'Unlisted');
    await set('1.3.0', 'Archived');
    await buildDists(path.join(work, 'status-1.4.0'), 'statuspkg', '1.4.0', { wheelOnly: true }).then(
      async (built) => {
        wheels['1.4.0'] = built.wheel;
        await twineUpload('team', [built.wheel], path.join(work, 'twine-home'));
      },
    );
    await client.send(
      new DisposePackageVersionsCommand({
        domain,
        repository: 'team',
        format: 'pypi',
        package: 'statuspkg',
        versions: ['1.4.0'],
      }),
    );
  }, 120_000);

  it('lists only Published versions, so pip picks 1.1.0', async () => {
    const page = await (await fetch(`${endpoints.team}simple/statuspkg/`, { headers: auth() })).text();
    expect(page).toContain('statuspkg-1.1.0-py3-none-any.whl');
    for (const hidden of ['1.2.0', '1.3.0', '1.4.0']) expect(page).not.toContain(`statuspkg-${hidden}`);
    const { pip, env } = await freshPip();
    const install = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.team ?? '', token), 'statuspkg'],
      env,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('Successfully installed statuspkg-1.1.0');
    const archived = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.team ?? '', token), 'statuspkg==1.3.0'],
      env,
    );
    expect(archived.code).not.toBe(0);
    expect(archived.stderr).toMatch(/No matching distribution found for statuspkg==1\.3\.0/);
  }, 120_000);

  it('serves an Unlisted file by its exact URL, and neither Archived nor Disposed ones', async () => {
    const base = new URL(endpoints.team ?? '');
    const file = (version: string) =>
      fetch(
        `${base.origin}${base.pathname}files/statuspkg/${version}/statuspkg-${version}-py3-none-any.whl`,
        { headers: auth() },
      );
    const unlisted = await file('1.2.0');
    expect(unlisted.status).toBe(200);
    expect(Buffer.from(await unlisted.arrayBuffer())).toEqual(await readFile(wheels['1.2.0'] ?? ''));
    const { pip, env } = await freshPip();
    const direct = await run(
      pip,
      [
        'install',
        '--no-index',
        `${base.protocol}//aws:${token}@${base.host}${base.pathname}files/statuspkg/1.2.0/statuspkg-1.2.0-py3-none-any.whl`,
      ],
      env,
    );
    expect(direct.code, direct.stderr).toBe(0);
    expect((await file('1.3.0')).status).toBe(404);
    expect((await file('1.4.0')).status).toBe(404);
  }, 120_000);
});

describe('upstreams, the public:pypi external connection and offline use', () => {
  it('installs a public project through team → public, retaining it, and lists merged versions', async () => {
    const { pip, env } = await freshPip();
    const logged = serve.output().stdout.length;
    const install = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.app ?? '', token), 'extlib'],
      env,
    );
    expect(install.code, install.stderr + serve.output().stderr).toBe(0);
    // 2.1.0 requires a Python that does not exist yet: data-requires-python makes pip skip it.
    expect(install.stdout).toContain('Successfully installed extlib-2.0.0');
    // The upstream announces the wheel's metadata file: pip resolves with it, fetched through here.
    expect(serve.output().stdout.slice(logged), 'pip fetched the metadata file the upstream offers').toMatch(
      /request: GET \S+\/files\/extlib\/2\.0\.0\/extlib-2\.0\.0-[^ ]+\.whl\.metadata 200/,
    );
    expect(fake.paths.some((p) => /\/packages\/extlib-2\.0\.0-.+\.whl\.metadata$/.test(p))).toBe(true);
    const described = await client.send(
      new DescribePackageVersionCommand({
        domain,
        repository: 'public',
        format: 'pypi',
        package: 'extlib',
        packageVersion: '2.0.0',
      }),
    );
    // Metadata read from the fetched wheel's METADATA.
    expect(described.packageVersion?.summary).toBe('The extlib test project');
    expect(described.packageVersion?.licenses).toEqual([{ name: 'MIT' }]);
    expect(described.packageVersion?.origin).toEqual({
      domainEntryPoint: { externalConnectionName: 'public:pypi' },
      originType: 'EXTERNAL',
    });
    const retained = await client.send(
      new DescribePackageVersionCommand({
        domain,
        repository: 'app',
        format: 'pypi',
        package: 'extlib',
        packageVersion: '2.0.0',
      }),
    );
    expect(retained.packageVersion?.status).toBe('Published');
    const page = await (await fetch(`${endpoints.app}simple/extlib/`, { headers: auth() })).text();
    expect(page).toContain('data-requires-python="&gt;=3.99"');
    // The stored wheel's metadata file is read from it, with the hash the upstream announced.
    const storedLink = page.split('\n').find((line) => />extlib-2\.0\.0-.+\.whl</.test(line)) ?? '';
    const announced = /data-core-metadata="sha256=([0-9a-f]{64})"/.exec(storedLink)?.[1];
    expect(announced, storedLink).toBeDefined();
    const wheelName = />([^<]+)</.exec(storedLink)?.[1] ?? '';
    const fakeAsked = fake.paths.length;
    const metadata = await fetch(`${endpoints.app}files/extlib/2.0.0/${wheelName}.metadata`, {
      headers: auth(),
    });
    expect(metadata.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await metadata.arrayBuffer()))
        .digest('hex'),
    ).toBe(announced);
    expect(fake.paths.length, "a stored wheel's metadata file is not asked of the upstream").toBe(fakeAsked);
    // The locally published project is visible through the upstream too.
    const local = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.app ?? '', token), 'demo-pkg==1.0.0'],
      env,
    );
    expect(local.code, local.stderr).toBe(0);
  }, 120_000);

  it("prints, once the connection is first used, which index public:pypi uses and that pip's own configuration named it", async () => {
    const line = await waitForOutput(serve, /^ {2}public:pypi:.*$/m);
    expect(line).toContain(fake.url);
    expect(line).toContain('[pip config list (');
  }, 120_000);

  it('never takes the public namesake of a locally published project (dependency confusion)', async () => {
    const page = await (await fetch(`${endpoints.team}simple/demo-pkg/`, { headers: auth() })).text();
    expect(page).not.toContain('9.9.9');
    const { pip, env } = await freshPip();
    const install = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.app ?? '', token), 'demo-pkg'],
      env,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/Successfully installed demo[-_]pkg-1\.0\.0/i);
    // Publishing the namesake into the repository that holds the external connection is refused.
    const publicTwin = await buildDists(path.join(work, 'twin'), 'extlib', '3.0.0', { wheelOnly: true });
    const refused = await twineUpload('public', [publicTwin.wheel], path.join(work, 'twine-home'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toMatch(/403/);
    // With the local versions deleted, the package keeps its published defaults and still blocks upstreams.
    await client.send(
      new DeletePackageVersionsCommand({
        domain,
        repository: 'team',
        format: 'pypi',
        package: 'demo-pkg',
        versions: ['1.0.0'],
      }),
    );
    const after = await fetch(`${endpoints.team}simple/demo-pkg/`, { headers: auth() });
    const text = await after.text();
    expect(text).not.toContain('9.9.9');
  }, 120_000);

  it('keeps serving what was fetched once the public index is down', async () => {
    await fake.close();
    const { pip, env } = await freshPip();
    const install = await run(
      pip,
      ['install', '--index-url', indexUrl(endpoints.public ?? '', token), 'extlib==2.0.0'],
      env,
    );
    expect(install.code, install.stderr).toBe(0);
    const viaApp = await run(
      pip,
      ['install', '--force-reinstall', '--index-url', indexUrl(endpoints.app ?? '', token), 'extlib==2.0.0'],
      env,
    );
    expect(viaApp.code, viaApp.stderr).toBe(0);
    // The index page as the upstream last sent it: 2.1.0 is listed though it was never downloaded.
    const page = await (await fetch(`${endpoints.app}simple/extlib/`, { headers: auth() })).text();
    expect(page, 'the stored upstream page lists every file').toContain('extlib-2.1.0');
    // Listed but never downloaded: a 404 pip reports at once, saying why, instead of a 5xx.
    const link = /href="([^"#]*extlib-2\.1\.0[^"#]*)/.exec(page)?.[1];
    expect(link, 'the page links the uncached file').toBeDefined();
    const uncached = await fetch(new URL(link ?? '', endpoints.app), { headers: auth() });
    expect(uncached.status, 'an uncached file while the upstream is offline').toBe(404);
    expect(await uncached.text()).toMatch(
      /extlib-2\.1\.0.* is not cached here and the upstream http:\/\/127\.0\.0\.1:\d+\/\S* is offline or unreachable/,
    );
    // Never fetched, so truly missing: a clear error, not a hang.
    const started = Date.now();
    const missing = await fetch(`${endpoints.public}simple/never-fetched/`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(
      /Project 'never-fetched' is not cached here and the upstream .* is offline or unreachable \(.*could not be reached/,
    );
    expect(Date.now() - started, 'answered without waiting on the offline upstream').toBeLessThan(30_000);
  }, 120_000);
});

describe('aws codeartifact login (AWS CLI v1)', () => {
  async function login(tool: 'pip' | 'twine', env: NodeJS.ProcessEnv) {
    return run(
      'aws',
      [
        'codeartifact',
        'login',
        '--tool',
        tool,
        '--domain',
        domain,
        '--repository',
        'team',
        '--endpoint-url',
        serve.endpoint,
      ],
      {
        ...env,
        AWS_ACCESS_KEY_ID: serve.accessKeyId,
        AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
        AWS_DEFAULT_REGION: serve.region,
        AWS_CONFIG_FILE: path.join(env.HOME ?? work, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(env.HOME ?? work, 'aws-credentials'),
      },
    );
  }

  it('--tool pip writes pip.conf in the isolated HOME, and pip then installs from the repository', async () => {
    const built = await buildDists(path.join(work, 'login-pip'), 'loginpip', '0.2.0', { wheelOnly: true });
    expect((await twineUpload('team', [built.wheel], path.join(work, 'twine-home'))).code).toBe(0);
    const { pip, env } = await freshPip();
    // login runs `pip config set`: the venv's pip, writing the user file of the temp HOME.
    const loginEnv: NodeJS.ProcessEnv = {
      ...env,
      PATH: `${path.dirname(pip)}${path.delimiter}${env.PATH ?? ''}`,
    };
    delete loginEnv.PIP_CONFIG_FILE;
    const result = await login('pip', loginEnv);
    expect(result.code, result.stderr).toBe(0);
    const written = await readFile(path.join(env.HOME ?? '', '.config', 'pip', 'pip.conf'), 'utf8');
    expect(written).toContain(`${new URL(endpoints.team ?? '').pathname}simple/`);
    const install = await run(pip, ['install', 'loginpip'], {
      ...loginEnv,
      PIP_CONFIG_FILE: path.join(env.HOME ?? '', '.config', 'pip', 'pip.conf'),
    });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('Successfully installed loginpip-0.2.0');
  }, 120_000);

  it('--tool twine writes .pypirc, and twine then uploads with it', async () => {
    const home = path.join(work, 'twine-login-home');
    await mkdir(home, { recursive: true });
    const env = isolatedEnv(home);
    const result = await login('twine', env);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(home, '.pypirc'), 'utf8')).toContain('[codeartifact]');
    const built = await buildDists(path.join(work, 'login-dist'), 'loginpkg', '0.1.0', { wheelOnly: true });
    const upload = await run(
      'twine',
      ['upload', '--non-interactive', '--disable-progress-bar', '--repository', 'codeartifact', built.wheel],
      env,
    );
    expect(upload.code, upload.stderr + upload.stdout).toBe(0);
    const page = await (await fetch(`${endpoints.team}simple/loginpkg/`, { headers: auth() })).text();
    expect(page).toContain('loginpkg-0.1.0-py3-none-any.whl');
  }, 120_000);
});

describe("pip's HTTP cache", () => {
  it('a second pip download takes the wheel from the cache, and a version published meanwhile is seen', async () => {
    const dist = path.join(work, 'cache-dists');
    const first = await buildDists(dist, 'cachedpkg', '1.0.0', { wheelOnly: true });
    const second = await buildDists(dist, 'cachedpkg', '1.1.0', { wheelOnly: true });
    const { pip, home } = await freshPip();
    expect((await twineUpload('team', [first.wheel], home)).code).toBe(0);
    // pip caches only over HTTPS or from a trusted host, as the Connect panel's pip.conf names this one.
    const env = isolatedEnv(home, {
      PIP_CACHE_DIR: path.join(work, 'pip-http-cache'),
      PIP_TRUSTED_HOST: new URL(endpoints.team ?? '').host,
    });
    delete env.PIP_NO_CACHE_DIR;
    let runs = 0;
    const download = async () => {
      const out = path.join(work, `cache-out-${++runs}`);
      const result = await run(
        pip,
        [
          'download',
          '--no-deps',
          '-d',
          out,
          '--index-url',
          indexUrl(endpoints.team ?? '', token),
          'cachedpkg',
        ],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
      return { output: result.stdout, files: await readdir(out) };
    };
    expect((await download()).output).toMatch(/Downloading .*cachedpkg-1\.0\.0-py3-none-any\.whl/);
    const cached = await download();
    expect(cached.output, 'the second run uses the cached wheel').toMatch(
      /Using cached .*cachedpkg-1\.0\.0-py3-none-any\.whl/,
    );
    expect(cached.files).toEqual(['cachedpkg-1.0.0-py3-none-any.whl']);
    expect((await twineUpload('team', [second.wheel], home)).code).toBe(0);
    const changed = await download();
    expect(changed.files, 'the page kept in the cache does not hide 1.1.0').toEqual([
      'cachedpkg-1.1.0-py3-none-any.whl',
    ]);
  }, 180_000);
});
