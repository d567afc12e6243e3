// PyPI project pages and Maven maven-metadata.xml are built from what was stored when the files
// arrived (never from the files themselves) and kept whole; every write that changes what they list
// must show in the next GET, and a kept document must survive a restart.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';
import { deployMaven, uploadWheel, wheelOf } from '../helpers/format-uploads';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'docs';
const group = 'com.example.docs';
let service: RunningService;
let dataDir: string;
let upstream: Server;
let upstreamUrl: string;
/** What the fake public repositories serve, by path: a PyPI index under simple/, a Maven layout under maven/. */
const upstreamFiles = new Map<string, Buffer>();

async function start(port = 0): Promise<void> {
  service = await startService({
    dataDir,
    port,
    accountId: '111122223333',
    region: 'us-east-1',
    useClientConfig: false,
    externalUpstreams: {
      'public:pypi': `${upstreamUrl}simple/`,
      'public:maven-central': `${upstreamUrl}maven/`,
    },
  });
}
const tokens: Record<string, string> = {};
const endpoints: Record<string, string> = {};

async function discover(): Promise<void> {
  for (const name of [domain, 'bare']) {
    const auth = (await service.invoke('GetAuthorizationToken', { domain: name })) as {
      authorizationToken?: string;
    };
    tokens[name] = auth.authorizationToken ?? '';
  }
  for (const [name, repository] of [
    [domain, 'lib'],
    [domain, 'app'],
    [domain, 'other'],
    ['bare', 'lib'],
    ['bare', 'pypi-public'],
    ['bare', 'maven-public'],
  ] as const) {
    for (const format of ['pypi', 'maven'] as const) {
      const found = (await service.invoke('GetRepositoryEndpoint', { domain: name, repository, format })) as {
        repositoryEndpoint?: string;
      };
      endpoints[`${name}/${repository}/${format}`] = found.repositoryEndpoint ?? '';
    }
  }
}

const endpoint = (repository: string, format: 'pypi' | 'maven', name = domain): string =>
  endpoints[`${name}/${repository}/${format}`] ?? '';
const basic = (name = domain) => `Basic ${Buffer.from(`aws:${tokens[name]}`).toString('base64')}`;

async function simplePage(repository: string, project: string, json = true, name = domain) {
  const response = await fetch(`${endpoint(repository, 'pypi', name)}simple/${project}/`, {
    headers: {
      authorization: basic(name),
      accept: json ? 'application/vnd.pypi.simple.v1+json' : 'text/html',
    },
  });
  return { status: response.status, text: await response.text() };
}

interface JsonPage {
  versions: string[];
  files: { filename: string; hashes: { sha256?: string }; size?: number; 'requires-python'?: string }[];
}

/** The versions a project page lists ([] when it answers 404). */
async function pypiVersions(repository: string, project: string): Promise<string[]> {
  const page = await simplePage(repository, project);
  return page.status === 200 ? (JSON.parse(page.text) as JsonPage).versions : [];
}

async function mavenMetadata(repository: string, artifact: string, suffix = '', name = domain) {
  const url = `${endpoint(repository, 'maven', name)}${group.replace(/\./g, '/')}/${artifact}/maven-metadata.xml${suffix}`;
  const response = await fetch(url, { headers: { authorization: basic(name) } });
  return { status: response.status, text: await response.text() };
}

/** The versions maven-metadata.xml lists ([] when it answers 404). */
async function mavenVersions(repository: string, artifact: string): Promise<string[]> {
  const document = await mavenMetadata(repository, artifact);
  if (document.status !== 200) return [];
  return [...document.text.matchAll(/<version>([^<]+)<\/version>/g)].map((match) => match[1] ?? '');
}

const pypi = (repository: string, project: string) => ({
  domain,
  repository,
  format: 'pypi' as const,
  package: project,
});
const maven = (repository: string, artifact: string) => ({
  domain,
  repository,
  format: 'maven' as const,
  namespace: group,
  package: artifact,
});

async function status(target: object, versions: string[], targetStatus: 'Unlisted' | 'Published') {
  await service.invoke('UpdatePackageVersionsStatus', { ...target, versions, targetStatus } as never);
}

async function origin(target: object, upstream: 'ALLOW' | 'BLOCK') {
  await service.invoke('PutPackageOriginConfiguration', {
    ...target,
    restrictions: { publish: 'ALLOW', upstream },
  } as never);
}

async function copyTo(target: ReturnType<typeof pypi> | ReturnType<typeof maven>, versions: string[]) {
  const { repository, ...rest } = target;
  await service.invoke('CopyPackageVersions', {
    ...rest,
    sourceRepository: repository,
    destinationRepository: 'other',
    versions,
  } as never);
}

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-format-documents-');
  upstream = createServer((req, res) => {
    const body = upstreamFiles.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    const type = req.url?.endsWith('/') ? 'text/html' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
  await start();
  for (const name of [domain, 'bare']) {
    await service.invoke('CreateDomain', { domain: name });
    await service.invoke('CreateRepository', { domain: name, repository: 'lib' });
  }
  await service.invoke('CreateRepository', {
    domain,
    repository: 'app',
    upstreams: [{ repositoryName: 'lib' }],
  });
  await service.invoke('CreateRepository', { domain, repository: 'other' });
  for (const [repository, externalConnection] of [
    ['pypi-public', 'public:pypi'],
    ['maven-public', 'public:maven-central'],
  ] as const) {
    await service.invoke('CreateRepository', { domain: 'bare', repository });
    await service.invoke('AssociateExternalConnection', { domain: 'bare', repository, externalConnection });
  }
  await discover();
});

afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
  await removeDir(dataDir);
});

describe('PyPI and Maven metadata stored at publish', () => {
  it('stores what files fetched through external connections say when they arrive, a POM after its jar too', async () => {
    const wheel = wheelOf('fetched_tool', '2.0', 'Requires-Dist: attrs>=20\n\nThe readme of fetched_tool.\n');
    const wheelName = 'fetched_tool-2.0-py3-none-any.whl';
    const sha = createHash('sha256').update(wheel).digest('hex');
    upstreamFiles.set(`/files/${wheelName}`, wheel);
    upstreamFiles.set(
      '/simple/fetched-tool/',
      Buffer.from(
        `<html><body><a href="../../files/${wheelName}#sha256=${sha}">${wheelName}</a></body></html>`,
      ),
    );
    const pom = `<project><modelVersion>4.0.0</modelVersion><groupId>${group}</groupId><artifactId>fetched</artifactId><version>3.0</version><dependencies><dependency><groupId>org.example</groupId><artifactId>pom-dep</artifactId><version>1.0</version></dependency></dependencies></project>`;
    const folder = `/maven/${group.replace(/\./g, '/')}/fetched/3.0/`;
    upstreamFiles.set(`${folder}fetched-3.0.jar`, Buffer.from('jar bytes'));
    upstreamFiles.set(`${folder}fetched-3.0.pom`, Buffer.from(pom));

    const get = async (url: string) => {
      const response = await fetch(url, { headers: { authorization: basic('bare') } });
      const body = await response.text();
      expect(response.status, `${url}: ${body.slice(0, 200)}`).toBe(200);
    };
    await get(`${endpoint('pypi-public', 'pypi', 'bare')}files/fetched-tool/2.0/${wheelName}`);
    // The jar first: the version is fetched without metadata, which its POM brings later.
    const mavenFolder = `${endpoint('maven-public', 'maven', 'bare')}${group.replace(/\./g, '/')}/fetched/3.0/`;
    await get(`${mavenFolder}fetched-3.0.jar`);
    await get(`${mavenFolder}fetched-3.0.pom`);
    // Nothing is read from the files afterwards.
    await rm(join(dataDir, 'blobs', 'bare'), { recursive: true, force: true });
    const pyDeps = (await service.invoke('ListPackageVersionDependencies', {
      domain: 'bare',
      repository: 'pypi-public',
      format: 'pypi',
      package: 'fetched-tool',
      packageVersion: '2.0',
    })) as { dependencies?: { package?: string }[] };
    expect(
      pyDeps.dependencies?.map((d) => d.package),
      "the wheel's Requires-Dist",
    ).toContain('attrs');
    const readme = (await service.invoke('GetPackageVersionReadme', {
      domain: 'bare',
      repository: 'pypi-public',
      format: 'pypi',
      package: 'fetched-tool',
      packageVersion: '2.0',
    })) as { readme?: string };
    expect(readme.readme).toContain('The readme of fetched_tool.');
    const mvnDeps = (await service.invoke('ListPackageVersionDependencies', {
      domain: 'bare',
      repository: 'maven-public',
      format: 'maven',
      namespace: group,
      package: 'fetched',
      packageVersion: '3.0',
    })) as { dependencies?: { package?: string }[] };
    expect(
      mvnDeps.dependencies?.map((d) => d.package),
      'the POM fetched after the jar',
    ).toEqual(['pom-dep']);
  });

  it('serves pages, maven-metadata.xml, readme and dependencies with every stored file gone', async () => {
    await uploadWheel(
      endpoint('lib', 'pypi', 'bare'),
      tokens.bare ?? '',
      'stored_meta',
      '1.0',
      'Requires-Python: >=3.8\nRequires-Dist: requests>=2\n\nThe readme of stored_meta.\n',
    );
    await deployMaven(
      endpoint('lib', 'maven', 'bare'),
      tokens.bare ?? '',
      group,
      'stored',
      '1.0',
      '<dependencies><dependency><groupId>org.example</groupId><artifactId>dep</artifactId><version>2.0</version></dependency></dependencies>',
    );
    // No read path may open a file: with every blob of the domain gone, the metadata still answers.
    await rm(join(dataDir, 'blobs', 'bare'), { recursive: true, force: true });

    const page = await simplePage('lib', 'stored-meta', true, 'bare');
    expect(page.status, page.text).toBe(200);
    const [file] = (JSON.parse(page.text) as JsonPage).files;
    expect(file).toMatchObject({ filename: 'stored_meta-1.0-py3-none-any.whl', 'requires-python': '>=3.8' });
    expect(file?.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file?.size).toBeGreaterThan(0);
    const html = await simplePage('lib', 'stored-meta', false, 'bare');
    expect(html.text).toContain('data-requires-python="&gt;=3.8"');

    const version = { domain: 'bare', repository: 'lib', packageVersion: '1.0' };
    const readme = (await service.invoke('GetPackageVersionReadme', {
      ...version,
      format: 'pypi',
      package: 'stored-meta',
    })) as { readme?: string };
    expect(readme.readme).toContain('The readme of stored_meta.');
    const pyDeps = (await service.invoke('ListPackageVersionDependencies', {
      ...version,
      format: 'pypi',
      package: 'stored-meta',
    })) as { dependencies?: { package?: string }[] };
    expect(pyDeps.dependencies?.map((d) => d.package)).toContain('requests');

    const metadata = await mavenMetadata('lib', 'stored', '', 'bare');
    expect(metadata.status, metadata.text).toBe(200);
    expect(metadata.text).toContain('<version>1.0</version>');
    const mvnDeps = (await service.invoke('ListPackageVersionDependencies', {
      ...version,
      format: 'maven',
      namespace: group,
      package: 'stored',
    })) as { dependencies?: { namespace?: string; package?: string }[] };
    expect(mvnDeps.dependencies).toEqual([
      expect.objectContaining({ namespace: 'org.example', package: 'dep' }),
    ]);
  });

  it('PyPI pages repeat themselves and show publish, status, dispose, origin, upstream, copy and delete', async () => {
    const project = 'widget';
    const upload = (version: string) =>
      uploadWheel(endpoint('lib', 'pypi'), tokens[domain] ?? '', project, version);
    await upload('1.0');
    const first = await simplePage('lib', project);
    expect((await simplePage('lib', project)).text, 'an unchanged page is served identically').toBe(
      first.text,
    );
    expect(await pypiVersions('lib', project)).toEqual(['1.0']);
    await upload('1.1');
    expect(await pypiVersions('lib', project), 'after a publish').toEqual(['1.0', '1.1']);
    expect((await simplePage('lib', project, false)).text, 'the HTML form too').toContain('widget-1.1-py3');
    expect(await pypiVersions('app', project), 'through the upstream').toEqual(['1.0', '1.1']);

    await status(pypi('lib', project), ['1.1'], 'Unlisted');
    expect(await pypiVersions('lib', project), 'after unlisting 1.1').toEqual(['1.0']);
    expect((await simplePage('lib', project, false)).text).not.toContain('widget-1.1-py3');
    expect(await pypiVersions('app', project), 'an upstream version unlisted').toEqual(['1.0']);
    await status(pypi('lib', project), ['1.1'], 'Published');
    expect(await pypiVersions('lib', project), 'after publishing 1.1 again').toEqual(['1.0', '1.1']);

    await service.invoke('DisposePackageVersions', { ...pypi('lib', project), versions: ['1.0'] });
    expect(await pypiVersions('app', project), 'after disposing 1.0').toEqual(['1.1']);

    await origin(pypi('app', project), 'BLOCK');
    expect(await pypiVersions('app', project), 'the origin control blocks upstreams').toEqual([]);
    await origin(pypi('app', project), 'ALLOW');
    expect(await pypiVersions('app', project), 'upstreams allowed again').toEqual(['1.1']);
    await service.invoke('UpdateRepository', { domain, repository: 'app', upstreams: [] });
    expect(await pypiVersions('app', project), 'after the upstream is removed').toEqual([]);
    await service.invoke('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'lib' }],
    });
    expect(await pypiVersions('app', project), 'after the upstream is back').toEqual(['1.1']);

    expect((await simplePage('other', project)).status).toBe(404);
    await copyTo(pypi('lib', project), ['1.1']);
    expect(await pypiVersions('other', project), 'after a copy').toEqual(['1.1']);
    await service.invoke('DeletePackageVersions', { ...pypi('lib', project), versions: ['1.1'] });
    expect(await pypiVersions('lib', project), 'after deleting 1.1').toEqual([]);
    await service.invoke('DeletePackage', pypi('other', project));
    expect((await simplePage('other', project)).status, 'after the package is deleted').toBe(404);
  });

  it('maven-metadata.xml repeats itself and shows publish, status, dispose, origin, upstream, copy and delete', async () => {
    const artifact = 'gadget';
    const deploy = (version: string) =>
      deployMaven(endpoint('lib', 'maven'), tokens[domain] ?? '', group, artifact, version);
    await deploy('1.0');
    const first = await mavenMetadata('lib', artifact);
    expect((await mavenMetadata('lib', artifact)).text, 'unchanged, served identically').toBe(first.text);
    await deploy('1.1');
    expect(await mavenVersions('lib', artifact), 'after a deploy').toEqual(['1.0', '1.1']);
    const body = (await mavenMetadata('lib', artifact)).text;
    expect((await mavenMetadata('lib', artifact, '.sha1')).text, 'its checksum').toBe(
      createHash('sha1').update(body).digest('hex'),
    );
    expect(await mavenVersions('app', artifact), 'through the upstream').toEqual(['1.0', '1.1']);

    await status(maven('lib', artifact), ['1.1'], 'Unlisted');
    expect(await mavenVersions('lib', artifact), 'after unlisting 1.1').toEqual(['1.0']);
    expect(await mavenVersions('app', artifact)).toEqual(['1.0']);
    await status(maven('lib', artifact), ['1.1'], 'Published');
    expect(await mavenVersions('lib', artifact), 'after publishing 1.1 again').toEqual(['1.0', '1.1']);

    await service.invoke('DisposePackageVersions', { ...maven('lib', artifact), versions: ['1.0'] });
    expect(await mavenVersions('app', artifact), 'after disposing 1.0').toEqual(['1.1']);

    await origin(maven('app', artifact), 'BLOCK');
    expect(await mavenVersions('app', artifact), 'the origin control blocks upstreams').toEqual([]);
    await origin(maven('app', artifact), 'ALLOW');
    expect(await mavenVersions('app', artifact), 'upstreams allowed again').toEqual(['1.1']);
    await service.invoke('UpdateRepository', { domain, repository: 'app', upstreams: [] });
    expect(await mavenVersions('app', artifact), 'after the upstream is removed').toEqual([]);
    await service.invoke('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'lib' }],
    });
    expect(await mavenVersions('app', artifact), 'after the upstream is back').toEqual(['1.1']);

    expect((await mavenMetadata('other', artifact)).status).toBe(404);
    await copyTo(maven('lib', artifact), ['1.1']);
    expect(await mavenVersions('other', artifact), 'after a copy').toEqual(['1.1']);
    await service.invoke('DeletePackageVersions', { ...maven('lib', artifact), versions: ['1.1'] });
    expect((await mavenMetadata('lib', artifact)).status, 'after deleting the last version').toBe(404);
  });

  it('keeps pages and maven-metadata.xml on disk across a restart, and still sees the next write', async () => {
    await uploadWheel(endpoint('lib', 'pypi'), tokens[domain] ?? '', 'durable', '1.0');
    await deployMaven(endpoint('lib', 'maven'), tokens[domain] ?? '', group, 'durable', '1.0');
    const page = await simplePage('lib', 'durable');
    const metadata = await mavenMetadata('lib', 'durable');
    const port = Number(new URL(endpoint('lib', 'pypi')).port);
    await service.stop();
    const documents = readdirSync(join(dataDir, 'cache', 'documents')).filter((name) =>
      name.endsWith('.doc'),
    );
    expect(documents.length, 'documents are kept on disk').toBeGreaterThanOrEqual(2);
    // The same port: the page's links are path-absolute, but the key names the endpoint's path.
    await start(port);
    await discover();
    expect((await simplePage('lib', 'durable')).text, 'the page after a restart').toBe(page.text);
    expect((await mavenMetadata('lib', 'durable')).text, 'maven-metadata.xml after a restart').toBe(
      metadata.text,
    );
    await uploadWheel(endpoint('lib', 'pypi'), tokens[domain] ?? '', 'durable', '1.1');
    await deployMaven(endpoint('lib', 'maven'), tokens[domain] ?? '', group, 'durable', '1.1');
    expect(await pypiVersions('lib', 'durable'), 'a publish after the restart').toEqual(['1.0', '1.1']);
    expect(await mavenVersions('lib', 'durable'), 'a deploy after the restart').toEqual(['1.0', '1.1']);
  });
});
