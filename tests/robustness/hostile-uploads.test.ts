/**
 * Hostile uploads through every reader of untrusted files, over the real HTTP endpoints: npm
 * tarballs, PyPI wheels and sdists, the multipart body carrying them, Maven POMs and metadata. Each
 * is refused with a 4xx that names the problem, memory stays bounded (a bomb is never inflated
 * whole), nothing is stored, and the service goes on answering.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';
import { tarOf, tgzOf, zipOf, type TarEntrySpec, type ZipEntrySpec } from '../archives/archive-builders';

let service: RunningService;
let dataDir: string;
let token = '';
const owner = '111122223333';
const base = () => `${service.url}/acme-${owner}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'artifact-desk-hostile-'));
  service = await startService({
    dataDir,
    port: 0,
    accountId: owner,
    region: 'us-east-1',
    useClientConfig: false,
  });
  await service.invoke('CreateDomain', { domain: 'acme' });
  await service.invoke('CreateRepository', { domain: 'acme', repository: 'app' });
  token = (await service.invoke('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
});

afterAll(async () => {
  await service?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function storedVersions(format: 'npm' | 'pypi' | 'maven'): Promise<number> {
  const { packages = [] } = await service.invoke('ListPackages', {
    domain: 'acme',
    repository: 'app',
    format,
  });
  return packages.length;
}

function heapBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function npmPublish(name: string, tarball: Buffer): Promise<Response> {
  return fetch(`${base()}/npm/app/${name}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name,
      'dist-tags': { latest: '1.0.0' },
      versions: { '1.0.0': { name, version: '1.0.0' } },
      _attachments: {
        [`${name}-1.0.0.tgz`]: { data: tarball.toString('base64'), length: tarball.length },
      },
    }),
  });
}

/** A tarball whose single entry claims 1 GiB of zeros, sent as 64 MiB gzip members. */
function gzipBomb(members: number): Buffer {
  const header = tarOf([{ name: 'package/zeros', size: 1024 ** 3 }]).subarray(0, 512);
  const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024));
  return Buffer.concat([gzipSync(header), ...Array.from({ length: members }, () => zeros)]);
}

describe('npm tarballs', () => {
  const manifest: TarEntrySpec = { name: 'package/package.json', body: '{"name":"evil","version":"1.0.0"}' };
  it.each<[string, Buffer, RegExp]>([
    [
      'path traversal',
      tgzOf([manifest, { name: 'package/../../../etc/x', body: 'x' }]),
      /reaches outside the archive/,
    ],
    [
      'a symlink out',
      tgzOf([manifest, { name: 'package/l', type: '2', linkname: '/etc/passwd' }]),
      /points outside/,
    ],
    [
      'a truncated tarball',
      tgzOf([manifest, { name: 'package/big', body: 'y'.repeat(50_000) }]).subarray(0, 200),
      /not valid gzip/,
    ],
    ['a block device', tgzOf([manifest, { name: 'package/sda', type: '4' }]), /BlockDevice/],
    ['not a tarball', Buffer.from('just some text, not gzip at all'), /not valid gzip/],
  ])('refuses %s with a 400 naming the tarball', async (_label, tarball, reason) => {
    const response = await npmPublish('evil', tarball);
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).toMatch(/The attached tarball cannot be read/);
    expect(text).toMatch(reason);
    expect(await storedVersions('npm')).toBe(0);
  });

  it('refuses a gzip bomb after inflating a bounded part of it, with bounded memory', async () => {
    const bomb = gzipBomb(4);
    const before = heapBytes();
    const response = await npmPublish('bomb', bomb);
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).toMatch(/decompression bomb/);
    expect(heapBytes() - before, 'the inflated bytes were not held').toBeLessThan(256 * 1024 * 1024);
  });
});

function multipart(
  boundary: string,
  parts: { name: string; filename?: string; data: Buffer | string }[],
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n\r\n`),
    );
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function upload(body: Buffer, contentType = 'multipart/form-data; boundary=BOUNDARY'): Promise<Response> {
  return fetch(`${base()}/pypi/app/`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`,
      'Content-Type': contentType,
    },
    body,
  });
}

function distributionUpload(filename: string, file: Buffer, version = '1.0'): Buffer {
  return multipart('BOUNDARY', [
    { name: ':action', data: 'file_upload' },
    { name: 'name', data: 'evil' },
    { name: 'version', data: version },
    { name: 'sha256_digest', data: createHash('sha256').update(file).digest('hex') },
    { name: 'content', filename, data: file },
  ]);
}

describe('PyPI distributions and multipart bodies', () => {
  const metadata: ZipEntrySpec = { name: 'evil-1.0.dist-info/METADATA', body: 'Name: evil\nVersion: 1.0\n' };
  it.each<[string, string, Buffer, RegExp]>([
    [
      'a wheel with ..',
      'evil-1.0-py3-none-any.whl',
      zipOf([metadata, { name: '../../evil.pth', body: 'x' }]),
      /relative path/,
    ],
    [
      'a wheel with a symlink out',
      'evil-1.0-py3-none-any.whl',
      zipOf([metadata, { name: 'evil/l', body: '/etc/shadow', mode: 0o120777 }]),
      /points outside/,
    ],
    [
      'a zip bomb of overlapping entries',
      'evil-1.0-py3-none-any.whl',
      zipOf([
        { name: 'evil/zeros', body: Buffer.alloc(16 * 1024 * 1024), deflate: true },
        ...Array.from({ length: 300 }, (_, i) => ({ name: `evil/copy${i}`, shareDataWith: 0 })),
      ]),
      /decompression bomb/,
    ],
    ['a truncated wheel', 'evil-1.0-py3-none-any.whl', zipOf([metadata]).subarray(0, 40), /not a valid zip/],
    [
      'an sdist with ..',
      'evil-1.0.tar.gz',
      tgzOf([
        { name: 'evil-1.0/PKG-INFO', body: 'Name: evil\n' },
        { name: 'evil-1.0/../../x', body: 'x' },
      ]),
      /reaches outside/,
    ],
    [
      'a truncated sdist',
      'evil-1.0.tar.gz',
      tgzOf([{ name: 'evil-1.0/PKG-INFO', body: 'N'.repeat(9000) }]).subarray(0, 60),
      /not valid gzip/,
    ],
  ])('refuses %s with a 400 naming the file', async (_label, filename, file, reason) => {
    const response = await upload(distributionUpload(filename, file));
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).toContain(`The distribution '${filename}' cannot be read`);
    expect(text).toMatch(reason);
    expect(await storedVersions('pypi')).toBe(0);
  });

  it('refuses a wheel whose metadata names another version', async () => {
    const wheel = zipOf([{ name: 'evil-1.0.dist-info/METADATA', body: 'Name: evil\nVersion: 6.6.6\n' }]);
    const response = await upload(distributionUpload('evil-1.0-py3-none-any.whl', wheel));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "The metadata in 'evil-1.0-py3-none-any.whl' is version 6.6.6, not 1.0.",
    );
  });

  const good = distributionUpload('evil-1.0-py3-none-any.whl', zipOf([metadata]));
  it.each<[string, Buffer, string, RegExp]>([
    [
      'no closing delimiter',
      good.subarray(0, good.length - 12),
      'multipart/form-data; boundary=BOUNDARY',
      /Unexpected end of form/,
    ],
    ['a boundary that never appears', good, 'multipart/form-data; boundary=OTHER', /Unexpected end of form/],
    ['no boundary at all', good, 'multipart/form-data; charset=utf-8', /Boundary not found/],
    [
      'a 64 KiB part header',
      Buffer.from(
        `--BOUNDARY\r\nContent-Disposition: form-data; name="x"\r\nX-Pad: ${'p'.repeat(64 * 1024)}\r\n\r\nv\r\n--BOUNDARY--\r\n`,
      ),
      'multipart/form-data; boundary=BOUNDARY',
      /Malformed part header/,
    ],
    [
      'a field past its limit',
      multipart('BOUNDARY', [{ name: 'description', data: 'd'.repeat(9 * 1024 * 1024) }]),
      'multipart/form-data; boundary=BOUNDARY',
      /larger than 8388608 bytes/,
    ],
  ])('refuses a multipart body with %s', async (_label, body, contentType, reason) => {
    const response = await upload(body, contentType);
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).toMatch(reason);
    expect(await storedVersions('pypi')).toBe(0);
  });
});

function mavenPut(path: string, body: string): Promise<Response> {
  return fetch(`${base()}/maven/app/${path}`, {
    method: 'PUT',
    headers: { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` },
    body,
  });
}

describe('Maven XML', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('')}]><project><modelVersion>4.0.0</modelVersion><name>&lol9;</name></project>`;
  it.each<[string, string, string, RegExp]>([
    ['a billion-laughs POM', 'org/evil/demo/1.0/demo-1.0.pom', laughs, /DOCTYPE is not accepted/],
    [
      'a POM with an external entity',
      'org/evil/demo/1.0/demo-1.0.pom',
      '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><project>&x;</project>',
      /DOCTYPE is not accepted/,
    ],
    [
      'a POM with an undefined entity',
      'org/evil/demo/1.0/demo-1.0.pom',
      '<project><name>&x;</name></project>',
      /undefined entity/,
    ],
    [
      'a deeply nested POM',
      'org/evil/demo/1.0/demo-1.0.pom',
      `<project>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</project>`,
      /nesting deeper than 64/,
    ],
    [
      'maven-metadata.xml with a DOCTYPE',
      'org/evil/demo/maven-metadata.xml',
      '<!DOCTYPE m SYSTEM "http://127.0.0.1:9/m.dtd"><metadata/>',
      /DOCTYPE is not accepted/,
    ],
  ])('refuses %s with a 400', async (_label, path, body, reason) => {
    const response = await mavenPut(path, body);
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).toMatch(/is not well-formed XML/);
    expect(text).toMatch(reason);
    expect(await storedVersions('maven')).toBe(0);
  });
});

describe('afterwards', () => {
  it('still publishes a well-formed npm package', async () => {
    const tarball = tgzOf([{ name: 'package/package.json', body: '{"name":"fine","version":"1.0.0"}' }]);
    const response = await npmPublish('fine', tarball);
    expect(response.status, await response.text()).toBeLessThan(300);
    expect(await storedVersions('npm')).toBe(1);
  });
});
