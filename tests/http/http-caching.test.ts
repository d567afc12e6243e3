// Clients keep what the format endpoints send: files named by a version are immutable (ETag = their
// SHA-256, a year's private lifetime), documents that change carry an ETag, are revalidated each
// time and answer 304 while nothing changed. A 304 must never hide a change: a new version, a status
// change or a new project gives the document another ETag, and a version that may no longer be
// downloaded is refused even to a client that holds its file.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';
import { matchesIfNoneMatch, parseHttpDate } from '../../src/main/http/formats/http-caching';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { npmFixture } from '../clients/npm/tarball-writer';
import { deployMaven, uploadWheel, wheelOf } from '../helpers/format-uploads';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'caching';
let service: RunningService;
let dataDir: string;
let token: string;
const endpoints: Record<string, string> = {};
const immutable = 'private, max-age=31536000, immutable';
const revalidated = 'private, no-cache';
const jsonPage = 'application/vnd.pypi.simple.v1+json';

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-http-caching-');
  service = await startService({
    dataDir,
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    useClientConfig: false,
  });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository: 'lib' });
  token =
    ((await service.invoke('GetAuthorizationToken', { domain })) as { authorizationToken?: string })
      .authorizationToken ?? '';
  for (const format of ['pypi', 'maven', 'npm'] as const) {
    const found = (await service.invoke('GetRepositoryEndpoint', { domain, repository: 'lib', format })) as {
      repositoryEndpoint?: string;
    };
    endpoints[format] = found.repositoryEndpoint ?? '';
  }
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) await removeDir(dataDir);
});

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`, ...headers },
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    etag: response.headers.get('etag') ?? '',
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    lastModified: response.headers.get('last-modified'),
  };
}

const setStatus = (
  format: 'pypi' | 'npm',
  name: string,
  version: string,
  targetStatus: 'Archived' | 'Unlisted',
) =>
  service.invoke('UpdatePackageVersionsStatus', {
    domain,
    repository: 'lib',
    format,
    package: name,
    versions: [version],
    targetStatus,
  });

describe('If-None-Match', () => {
  it('matches weakly, in a list, and * matches anything', () => {
    expect(matchesIfNoneMatch('"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc" ,"y"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"abcd"', '"abc"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"abc"')).toBe(false);
  });
});

describe('If-Modified-Since dates', () => {
  it('reads the three HTTP-date forms and nothing else', () => {
    const time = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(time);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), 'RFC 850 form').toBe(time);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994'), 'asctime form').toBe(time);
    for (const malformed of [
      '',
      'yesterday',
      '1994-11-06T08:49:37Z',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 25:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT',
    ])
      expect(parseHttpDate(malformed), malformed).toBeUndefined();
  });
});

describe('PyPI', () => {
  it('a wheel carries the time it was stored as Last-Modified, and If-Modified-Since gets a 304 unless If-None-Match is sent', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    await uploadWheel(endpoints.pypi ?? '', token, 'datedtool', '1.0.0');
    const url = `${endpoints.pypi}files/datedtool/1.0.0/datedtool-1.0.0-py3-none-any.whl`;
    const first = await get(url);
    const stored = parseHttpDate(first.lastModified ?? '');
    expect(stored, `Last-Modified '${first.lastModified}' is the upload's time`).toBeGreaterThanOrEqual(
      before,
    );
    expect(stored).toBeLessThanOrEqual(Date.now());
    const at = first.lastModified ?? '';
    const earlier = new Date((stored ?? 0) - 1000).toUTCString();
    const later = new Date((stored ?? 0) + 60_000).toUTCString();
    const unchanged = await get(url, { 'if-modified-since': at });
    expect(unchanged.status, 'not modified since its own Last-Modified').toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.lastModified).toBe(at);
    expect((await get(url, { 'if-modified-since': later })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': earlier })).status, 'modified after that date').toBe(200);
    expect(
      (await get(url, { 'if-modified-since': 'not a date' })).status,
      'a malformed date is ignored',
    ).toBe(200);
    expect(
      (await get(url, { 'if-modified-since': later, 'if-none-match': '"other"' })).status,
      'If-None-Match decides when both are sent',
    ).toBe(200);
    const metadata = await get(`${url}.metadata`, { 'if-modified-since': at });
    expect(metadata.status, "the wheel's metadata file dates from the wheel").toBe(304);
    // A project page has no modification time of its own: If-Modified-Since alone gets it whole.
    const page = await get(`${endpoints.pypi}simple/datedtool/`, { 'if-modified-since': later });
    expect(page.status).toBe(200);
    expect(page.lastModified).toBeNull();
  });

  it('a wheel is immutable and a client holding it gets a 304, until its version is archived', async () => {
    await uploadWheel(endpoints.pypi ?? '', token, 'cachedtool', '1.0.0');
    const url = `${endpoints.pypi}files/cachedtool/1.0.0/cachedtool-1.0.0-py3-none-any.whl`;
    const sha256 = createHash('sha256').update(wheelOf('cachedtool', '1.0.0')).digest('hex');
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.etag).toBe(`"${sha256}"`);
    expect(first.cacheControl).toBe(immutable);
    const again = await get(url, { 'if-none-match': first.etag });
    expect(again.status, 'the client already holds the wheel').toBe(304);
    expect(again.body).toBe('');
    expect(again.etag).toBe(first.etag);
    expect((await get(url, { 'if-none-match': '"other"' })).status).toBe(200);
    await setStatus('pypi', 'cachedtool', '1.0.0', 'Archived');
    expect((await get(url, { 'if-none-match': first.etag })).status, 'an archived file is refused').toBe(404);
  });

  it('a project page answers 304 while it is unchanged and 200 after a publish or a status change', async () => {
    await uploadWheel(endpoints.pypi ?? '', token, 'paged', '1.0.0');
    const page = `${endpoints.pypi}simple/paged/`;
    const json = await get(page, { accept: jsonPage });
    const html = await get(page, { accept: 'text/html' });
    expect(json.cacheControl).toBe(revalidated);
    expect(json.vary).toBe('Accept');
    expect(json.etag, 'each representation has its own ETag').not.toBe(html.etag);
    expect((await get(page, { accept: jsonPage, 'if-none-match': json.etag })).status).toBe(304);
    expect((await get(page, { accept: 'text/html', 'if-none-match': html.etag })).status).toBe(304);

    await uploadWheel(endpoints.pypi ?? '', token, 'paged', '2.0.0');
    const published = await get(page, { accept: jsonPage, 'if-none-match': json.etag });
    expect(published.status, 'a new version changes the page').toBe(200);
    expect(published.body).toContain('paged-2.0.0-py3-none-any.whl');

    await setStatus('pypi', 'paged', '2.0.0', 'Unlisted');
    const unlisted = await get(page, { accept: jsonPage, 'if-none-match': published.etag });
    expect(unlisted.status, 'a status change changes the page').toBe(200);
    expect(unlisted.body).not.toContain('paged-2.0.0-py3-none-any.whl');
  });

  it('the root index gets an ETag of its bytes and changes with a new project', async () => {
    const root = `${endpoints.pypi}simple/`;
    const first = await get(root, { accept: 'text/html' });
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await get(root, { accept: 'text/html', 'if-none-match': first.etag })).status).toBe(304);
    await uploadWheel(endpoints.pypi ?? '', token, 'newcomer', '1.0.0');
    const after = await get(root, { accept: 'text/html', 'if-none-match': first.etag });
    expect(after.status).toBe(200);
    expect(after.body).toContain('newcomer');
  });
});

describe('Maven', () => {
  it('a release jar is immutable; maven-metadata.xml answers 304 until a deploy changes it', async () => {
    const group = 'com.example.caching';
    await deployMaven(endpoints.maven ?? '', token, group, 'lib', '1.0');
    const dir = `${endpoints.maven}com/example/caching/lib/`;
    const jar = await get(`${dir}1.0/lib-1.0.jar`);
    expect(jar.cacheControl).toBe(immutable);
    expect(jar.etag).toBe(`"${createHash('sha256').update('jar bytes of lib 1.0').digest('hex')}"`);
    expect((await get(`${dir}1.0/lib-1.0.jar`, { 'if-none-match': jar.etag })).status).toBe(304);
    expect(
      (await get(`${dir}1.0/lib-1.0.jar`, { 'if-modified-since': jar.lastModified ?? '' })).status,
      'the jar dates from its deploy',
    ).toBe(304);

    const metadata = await get(`${dir}maven-metadata.xml`);
    expect(metadata.cacheControl).toBe(revalidated);
    expect((await get(`${dir}maven-metadata.xml`, { 'if-none-match': metadata.etag })).status).toBe(304);
    const sha1 = await get(`${dir}maven-metadata.xml.sha1`);
    expect(sha1.etag, 'the checksum is a resource of its own').not.toBe(metadata.etag);
    await deployMaven(endpoints.maven ?? '', token, group, 'lib', '1.1');
    const after = await get(`${dir}maven-metadata.xml`, { 'if-none-match': metadata.etag });
    expect(after.status).toBe(200);
    expect(after.body).toContain('<version>1.1</version>');
  });
});

describe('npm', () => {
  async function publish(name: string, version: string) {
    const fixture = npmFixture(name, version, `${name}@${version}`);
    await npmPublish(endpoints.npm ?? '', token, fixture, 'latest');
    return fixture;
  }

  it('a tarball is immutable; the packument answers 304 until a publish or a status change changes it', async () => {
    const fixture = await publish('cached-pkg', '1.0.0');
    const tarball = await get(`${endpoints.npm}cached-pkg/-/cached-pkg-1.0.0.tgz`);
    expect(tarball.cacheControl).toBe(immutable);
    expect(tarball.etag).toBe(`"${createHash('sha256').update(fixture.tarball).digest('hex')}"`);
    expect(
      (await get(`${endpoints.npm}cached-pkg/-/cached-pkg-1.0.0.tgz`, { 'if-none-match': tarball.etag }))
        .status,
    ).toBe(304);
    expect(
      (
        await get(`${endpoints.npm}cached-pkg/-/cached-pkg-1.0.0.tgz`, {
          'if-modified-since': tarball.lastModified ?? '',
        })
      ).status,
      'the tarball dates from its publish',
    ).toBe(304);

    const url = `${endpoints.npm}cached-pkg`;
    const abbreviated = { accept: 'application/vnd.npm.install-v1+json' };
    const full = await get(url);
    const short = await get(url, abbreviated);
    expect(full.cacheControl).toBe(revalidated);
    expect(full.vary).toBe('Accept');
    expect(full.etag).not.toBe(short.etag);
    expect((await get(url, { 'if-none-match': full.etag })).status).toBe(304);
    expect((await get(url, { ...abbreviated, 'if-none-match': short.etag })).status).toBe(304);

    await publish('cached-pkg', '1.1.0');
    const published = await get(url, { ...abbreviated, 'if-none-match': short.etag });
    expect(published.status, 'a new version changes the packument').toBe(200);
    expect(published.body).toContain('1.1.0');

    await setStatus('npm', 'cached-pkg', '1.1.0', 'Archived');
    const archived = await get(url, { ...abbreviated, 'if-none-match': published.etag });
    expect(archived.status, 'a status change changes the packument').toBe(200);
    expect(archived.body).not.toContain('1.1.0');
  });
});
