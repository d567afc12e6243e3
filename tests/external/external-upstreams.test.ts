// Where external connections fetch from: settings first, then the user's own npm, pip and Maven
// configuration, never this service itself; and how an upstream's failures are told apart.
import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mavenCentralFromConfig,
  npmRegistryFromConfig,
  pipIndexFromConfig,
} from '../../src/main/external/client-config';
import { normaliseUpstreamUrl, resolveExternalUpstreams } from '../../src/main/external/external-upstreams';
import {
  fetchUpstream,
  resolveUpstreamLink,
  UpstreamResponseError,
  UpstreamUnreachableError,
} from '../../src/main/external/fetch-upstream';

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'artifact-desk-home-'));
  await writeFile(
    join(home, '.npmrc'),
    '# comment\n@acme:registry=http://127.0.0.1:9/scoped/\nregistry=http://127.0.0.1:4873/\n//127.0.0.1:4873/:_authToken=x\n',
  );
  await mkdir(join(home, '.config', 'pip'), { recursive: true });
  await writeFile(
    join(home, '.config', 'pip', 'pip.conf'),
    '[global]\ntimeout = 60\n[install]\nindex-url = http://127.0.0.1:3141/root/pypi/+simple/\n',
  );
  await mkdir(join(home, '.m2'), { recursive: true });
  await writeFile(
    join(home, '.m2', 'settings.xml'),
    `<settings><mirrors>
       <mirror><id>other</id><mirrorOf>snapshots</mirrorOf><url>http://127.0.0.1:1/nope</url></mirror>
       <mirror><id>local</id><mirrorOf>central</mirrorOf><url>http://127.0.0.1:8081/repository/maven-public</url></mirror>
     </mirrors></settings>`,
  );
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const env = {} as NodeJS.ProcessEnv;

describe("the user's client configuration", () => {
  it("reads npm's registry, ignoring scoped registries and comments", () => {
    expect(npmRegistryFromConfig({ home, env })).toBe('http://127.0.0.1:4873/');
    expect(npmRegistryFromConfig({ home, env: { npm_config_registry: 'http://127.0.0.1:1/e/' } })).toBe(
      'http://127.0.0.1:1/e/',
    );
  });

  it("reads pip's index-url from pip.conf or PIP_INDEX_URL", () => {
    expect(pipIndexFromConfig({ home, env })).toBe('http://127.0.0.1:3141/root/pypi/+simple/');
    expect(pipIndexFromConfig({ home, env: { PIP_INDEX_URL: 'http://127.0.0.1:2/simple/' } })).toBe(
      'http://127.0.0.1:2/simple/',
    );
  });

  it("reads Maven's mirror of central from settings.xml", () => {
    expect(mavenCentralFromConfig({ home, env })).toBe('http://127.0.0.1:8081/repository/maven-public');
  });

  it('finds nothing in an empty home', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'artifact-desk-empty-'));
    try {
      expect(npmRegistryFromConfig({ home: empty, env })).toBeUndefined();
      expect(mavenCentralFromConfig({ home: empty, env })).toBeUndefined();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('the external upstream table', () => {
  it('prefers settings, falls back to client configuration and normalises URLs', () => {
    const table = resolveExternalUpstreams({
      settings: {
        'public:npmjs': 'http://127.0.0.1:5000/npm',
        'public:nuget-org': 'http://127.0.0.1:6000/v3',
      },
      sources: { home, env },
    });
    expect(table).toEqual({
      'public:npmjs': 'http://127.0.0.1:5000/npm/',
      'public:pypi': 'http://127.0.0.1:3141/root/pypi/+simple/',
      'public:maven-central': 'http://127.0.0.1:8081/repository/maven-public/',
      'public:nuget-org': 'http://127.0.0.1:6000/v3/',
    });
  });

  it('drops a URL that points back at this service and anything that is not http(s)', () => {
    const table = resolveExternalUpstreams({
      settings: {
        'public:npmjs': 'http://localhost:5484/acme-111122223333/npm/app/',
        'public:pypi': 'file:///opt/simple',
      },
      serviceUrl: 'http://127.0.0.1:5484',
      useClientConfig: false,
    });
    expect(table).toEqual({});
    expect(normaliseUpstreamUrl('not a url')).toBeUndefined();
  });

  it("can leave the machine's client configuration out", () => {
    expect(resolveExternalUpstreams({ sources: { home, env }, useClientConfig: false })).toEqual({});
  });
});

describe('fetching from an upstream', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.end('hello');
      else if (req.url === '/missing') res.writeHead(404).end('no');
      else if (req.url === '/broken') res.writeHead(503).end('down');
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/big') res.end(Buffer.alloc(4 * 1024 * 1024, 7));
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns bodies, follows redirects and passes 404 through', async () => {
    expect(await (await fetchUpstream(`${base}/ok`)).text()).toBe('hello');
    expect(await (await fetchUpstream(`${base}/redirect`)).text()).toBe('hello');
    expect((await fetchUpstream(`${base}/missing`)).status).toBe(404);
  });

  it('loses no bytes when the caller starts reading the body later', async () => {
    const response = await fetchUpstream(`${base}/big`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    let size = 0;
    for await (const chunk of response.body) size += (chunk as Buffer).length;
    expect(size).toBe(4 * 1024 * 1024);
  });

  it('follows only http(s) links an upstream gives, relative ones resolved against the page', async () => {
    expect(resolveUpstreamLink('../x.tgz', 'http://127.0.0.1:1/a/b/')).toBe('http://127.0.0.1:1/a/x.tgz');
    expect(() => resolveUpstreamLink('file:///etc/passwd', 'http://127.0.0.1:1/')).toThrow(
      UpstreamResponseError,
    );
    expect(() => resolveUpstreamLink('http://[bad', 'http://127.0.0.1:1/')).toThrow(UpstreamResponseError);
    await expect(fetchUpstream('file:///etc/passwd')).rejects.toBeInstanceOf(UpstreamResponseError);
  });

  it('reports an error status as an upstream response error', async () => {
    await expect(fetchUpstream(`${base}/broken`)).rejects.toBeInstanceOf(UpstreamResponseError);
  });

  it('reports a closed port and a timeout as unreachable', async () => {
    await expect(fetchUpstream('http://127.0.0.1:9/ok')).rejects.toBeInstanceOf(UpstreamUnreachableError);
    await expect(fetchUpstream(`${base}/slow`, { timeoutMs: 200 })).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
  });
});
