// Where external connections fetch from: settings first, then what the user's own npm, pip and
// Maven answer when asked, never this service itself; how an upstream's failures are told apart;
// and how upstream metadata documents are kept, revalidated and served offline.
import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askMavenCentral,
  askNpmRegistry,
  askPipIndex,
  centralMirrorOf,
  centralOfSuperPom,
  parsePipConfigList,
  pipDefaultIndexFromHelp,
} from '../../src/main/external/client-config';
import {
  createExternalUpstreams,
  normaliseUpstreamUrl,
  pointsAt,
} from '../../src/main/external/external-upstreams';
import {
  fetchUpstream,
  resolveUpstreamLink,
  UpstreamResponseError,
  UpstreamUnreachableError,
} from '../../src/main/external/fetch-upstream';
import {
  defaultUpstreamPolicy,
  forgetUpstreamReach,
  upstreamDocument,
} from '../../src/main/external/upstream-documents';
import type { Store } from '../../src/main/store/types';
import { accountId, openEngine, type EngineFixture } from '../engine/engine-fixture';

const self = 'http://127.0.0.1:5484';

async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
const isSelf = (url: string): boolean => pointsAt(url, self);

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'artifact-desk-home-'));
  await writeFile(join(home, 'self.npmrc'), `registry=${self}/acme-111122223333/npm/app/\n`);
  await writeFile(join(home, 'global.npmrc'), 'registry=http://127.0.0.1:4873/\n');
  await writeFile(
    join(home, 'pip.conf'),
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

/** The machine's environment without any npm or pip setting of its own. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|PIP_)/i.test(key)) out[key] = value;
  }
  return { ...out, HOME: home, ...extra };
}

describe("asking the user's clients where they fetch from", () => {
  it('asks npm, and asks again without the user .npmrc when that names this service', async () => {
    const answer = await askNpmRegistry(
      {
        env: cleanEnv({
          npm_config_userconfig: join(home, 'self.npmrc'),
          npm_config_globalconfig: join(home, 'global.npmrc'),
        }),
      },
      isSelf,
    );
    expect(answer, 'the registry npm uses apart from this service').toEqual({
      url: 'http://127.0.0.1:4873/',
      source: 'npm config get registry (without the user .npmrc, which names this service)',
    });
    const direct = await askNpmRegistry(
      { env: cleanEnv({ npm_config_registry: 'http://127.0.0.1:1/e/' }) },
      isSelf,
    );
    expect(direct).toEqual({ url: 'http://127.0.0.1:1/e/', source: 'npm config get registry' });
  }, 60_000);

  it("asks pip for its configured index, and reads pip's own default from its help", async () => {
    const answer = await askPipIndex({ env: cleanEnv({ PIP_CONFIG_FILE: join(home, 'pip.conf') }) }, isSelf);
    expect(answer?.url).toBe('http://127.0.0.1:3141/root/pypi/+simple/');
    expect(answer?.source).toMatch(/^pip config list \(/);
    expect(
      parsePipConfigList(":env:.index-url='http://127.0.0.1:2/simple/'\nglobal.timeout='60'\n").get(
        ':env:.index-url',
      ),
    ).toBe('http://127.0.0.1:2/simple/');
    const help = `  -i, --index-url <url>       Base URL of the Python Package Index (default
                              http://127.0.0.1:9/simple). This should point to`;
    expect(pipDefaultIndexFromHelp(help)).toBe('http://127.0.0.1:9/simple');
  }, 120_000);

  it("finds Maven's mirror of central in settings.xml, else the central of Maven's super POM", async () => {
    expect(await askMavenCentral({ home, env: cleanEnv({}) }, isSelf)).toEqual({
      url: 'http://127.0.0.1:8081/repository/maven-public',
      source: `Maven mirror of central in ${join(home, '.m2', 'settings.xml')}`,
    });
    const empty = await mkdtemp(join(tmpdir(), 'artifact-desk-empty-'));
    try {
      const answer = await askMavenCentral({ home: empty, env: cleanEnv({ HOME: empty }) }, isSelf);
      expect(answer?.source, "the installed Maven's own default").toMatch(/^Maven's super POM/);
      expect(answer?.url).toMatch(/^https?:\/\//);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    expect(
      centralMirrorOf(
        `<mirror><mirrorOf>*</mirrorOf><url>${self}/d-111122223333/maven/app/</url></mirror>`,
        isSelf,
      ),
      'a mirror that is this service is skipped',
    ).toBeUndefined();
    expect(
      centralOfSuperPom(
        '<repositories><repository><id>central</id><url>http://127.0.0.1:7/m2</url></repository></repositories>',
      ),
    ).toBe('http://127.0.0.1:7/m2');
  });
});

describe('the external upstream table', () => {
  it('prefers settings, never uses this service, and can leave the clients out', async () => {
    const upstreams = createExternalUpstreams({
      settings: {
        'public:npmjs': 'http://127.0.0.1:5000/npm',
        'public:nuget-org': 'http://127.0.0.1:6000/v3',
        'public:pypi': `${self}/acme-111122223333/pypi/app/simple/`,
        'public:maven-central': 'file:///opt/m2',
      },
      serviceUrl: () => self,
      useClientConfig: false,
    });
    expect(await upstreams.upstream('public:npmjs')).toBe('http://127.0.0.1:5000/npm/');
    expect(await upstreams.upstream('public:nuget-org')).toBe('http://127.0.0.1:6000/v3/');
    expect(await upstreams.upstream('public:pypi')).toBeUndefined();
    expect(await upstreams.upstream('public:maven-central')).toBeUndefined();
    const described = await upstreams.settled;
    expect(described.find((info) => info.connection === 'public:npmjs')).toEqual({
      connection: 'public:npmjs',
      url: 'http://127.0.0.1:5000/npm/',
      source: 'set with --external-upstream',
    });
    expect(described.find((info) => info.connection === 'public:pypi')?.source).toMatch(/this service/);
    expect(normaliseUpstreamUrl('not a url')).toBeUndefined();
  });

  it("uses what the user's npm answers when settings name nothing", async () => {
    const upstreams = createExternalUpstreams({
      serviceUrl: () => self,
      sources: { env: cleanEnv({ npm_config_registry: 'http://127.0.0.1:4873' }), home },
    });
    expect(await upstreams.upstream('public:npmjs')).toBe('http://127.0.0.1:4873/');
    expect(upstreams.describe().find((info) => info.connection === 'public:npmjs')?.source).toBe(
      'npm config get registry',
    );
    await upstreams.settled;
  }, 120_000);
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
    base = await listenLocal(server);
  });
  afterAll(async () => {
    await closeServer(server);
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

describe('upstream metadata documents', () => {
  let engine: EngineFixture;
  let store: Store;
  let server: Server;
  let base: string;
  let body = '{"v":1}';
  const seen: string[] = [];

  beforeAll(async () => {
    engine = await openEngine();
    store = engine.store;
    await withExternalConnection(engine, 'acme', 'npm-store');
    server = createServer((req, res) => {
      const etag = `"${body.length}-${body}"`;
      if (req.headers['if-none-match'] === etag) {
        seen.push(`${req.url} 304`);
        res.writeHead(304).end();
        return;
      }
      seen.push(`${req.url} 200`);
      if (req.url === '/gone') res.writeHead(404).end();
      else if (req.url === '/broken') res.writeHead(500).end();
      else res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
    });
    base = await listenLocal(server);
  });

  afterAll(async () => {
    await closeServer(server);
    await engine.close();
  });

  const user = {
    domain: 'acme',
    domainOwner: accountId,
    repository: 'npm-store',
    connection: 'public:npmjs',
  };
  const long = { user, policy: { ...defaultUpstreamPolicy, ttlMs: 60_000 } };
  const none = { user, policy: { ...defaultUpstreamPolicy, ttlMs: 0 } };

  it('keeps the document and uses it without asking within the TTL', async () => {
    const first = await upstreamDocument(store, `${base}/doc`, long);
    expect(first).toMatchObject({ status: 200, body: '{"v":1}', freshness: 'fresh' });
    await upstreamDocument(store, `${base}/doc`, long);
    expect(
      seen.filter((line) => line.startsWith('/doc')),
      'the upstream asked once',
    ).toEqual(['/doc 200']);
  });

  it('revalidates with the ETag after the TTL and takes a changed document', async () => {
    const same = await upstreamDocument(store, `${base}/doc`, none);
    expect(same.body).toBe('{"v":1}');
    expect(seen.at(-1), 'a conditional request answered 304').toBe('/doc 304');
    body = '{"v":2}';
    expect((await upstreamDocument(store, `${base}/doc`, none)).body).toBe('{"v":2}');
    expect(seen.at(-1)).toBe('/doc 200');
  });

  it('remembers that the upstream has no such document', async () => {
    expect((await upstreamDocument(store, `${base}/gone`, long)).status).toBe(404);
  });

  it('serves the stored document when the upstream fails or is unreachable, and fails fast without one', async () => {
    await expect(upstreamDocument(store, `${base}/broken`, none)).rejects.toBeInstanceOf(
      UpstreamResponseError,
    );
    await closeServer(server);
    const stored = await upstreamDocument(store, `${base}/doc`, none);
    expect(stored).toMatchObject({ body: '{"v":2}', freshness: 'stored' });
    expect(stored.upstreamProblem).toMatch(/could not be reached/);
    await expect(upstreamDocument(store, `${base}/never`, none)).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
    forgetUpstreamReach();
    server = createServer((_req, res) => res.end());
  });
});

/** A domain (created when missing) with a repository that has the public:npmjs connection. */
async function withExternalConnection(engine: EngineFixture, domain: string, repository: string) {
  const domains = await engine.call('ListDomains', {});
  if (!domains.domains?.some((entry) => entry.name === domain)) await engine.call('CreateDomain', { domain });
  await engine.call('CreateRepository', { domain, repository });
  await engine.call('AssociateExternalConnection', {
    domain,
    repository,
    externalConnection: 'public:npmjs',
  });
}

describe('upstream documents go with the repositories that use them', () => {
  let engine: EngineFixture;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    engine = await openEngine();
    server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"url":"${req.url}"}`);
    });
    base = await listenLocal(server);
  });

  afterAll(async () => {
    await closeServer(server);
    await engine.close();
  });

  const policy = { ...defaultUpstreamPolicy, ttlMs: 60_000 };
  const userOf = (domain: string, repository: string, connection = 'public:npmjs') => ({
    domain,
    domainOwner: accountId,
    repository,
    connection,
  });
  const stored = () =>
    engine.store.read((db) => ({
      documents: db
        .all<{ url: string }>('SELECT url FROM external_documents ORDER BY url')
        .map((row) => row.url),
      users: db.get<{ n: number }>('SELECT COUNT(*) AS n FROM external_document_users')?.n ?? 0,
    }));

  it('keeps a shared document until its last repository is deleted, then leaves no rows', async () => {
    await withExternalConnection(engine, 'acme', 'store-a');
    await withExternalConnection(engine, 'beta', 'store-b');
    await upstreamDocument(engine.store, `${base}/shared`, { user: userOf('acme', 'store-a'), policy });
    // The second repository reads the stored copy (within the TTL) and becomes a user of it.
    await upstreamDocument(engine.store, `${base}/shared`, { user: userOf('beta', 'store-b'), policy });
    await upstreamDocument(engine.store, `${base}/only-a`, { user: userOf('acme', 'store-a'), policy });
    await engine.store.flush();
    expect(stored()).toEqual({ documents: [`${base}/only-a`, `${base}/shared`], users: 3 });

    await engine.call('DeleteRepository', { domain: 'acme', repository: 'store-a' });
    expect(stored(), "store-a's own document is gone, the shared one stays for store-b").toEqual({
      documents: [`${base}/shared`],
      users: 1,
    });
    await engine.call('DeleteRepository', { domain: 'beta', repository: 'store-b' });
    await engine.call('DeleteDomain', { domain: 'beta' });
    expect(stored(), 'nothing is left once no repository uses a document').toEqual({
      documents: [],
      users: 0,
    });
    await engine.reopen();
    expect(stored(), 'the removal survives replaying the journal').toEqual({ documents: [], users: 0 });
  });

  it("drops a repository's documents when its external connection is removed", async () => {
    await withExternalConnection(engine, 'acme', 'store-c');
    await upstreamDocument(engine.store, `${base}/c`, { user: userOf('acme', 'store-c'), policy });
    expect(stored().documents).toEqual([`${base}/c`]);
    await engine.call('DisassociateExternalConnection', {
      domain: 'acme',
      repository: 'store-c',
      externalConnection: 'public:npmjs',
    });
    expect(stored()).toEqual({ documents: [], users: 0 });
  });

  it('keeps nothing for a repository that no longer has the connection', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'plain' });
    const document = await upstreamDocument(engine.store, `${base}/plain`, {
      user: userOf('acme', 'plain'),
      policy,
    });
    expect(document.body, 'the caller still gets the answer').toBe('{"url":"/plain"}');
    expect(stored()).toEqual({ documents: [], users: 0 });
  });
});
