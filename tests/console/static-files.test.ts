/**
 * The built renderer served at the endpoint's root: right content types, immutable caching for
 * hashed build assets only, the console's security headers, nothing outside the build folder ever
 * served, a clear 503 page when the renderer is not built, and the API under /v1 unaffected.
 */
import { ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, isHashedAsset, safeSegments } from '../../src/main/console/static-files';
import { rawHttp } from './console-http';
import { makeRendererBuild, type RendererBuild } from './renderer-build';
import { startTestService, type ServiceFixture } from './service-fixture';

let build: RendererBuild;
let fixture: ServiceFixture;

beforeAll(async () => {
  build = await makeRendererBuild();
  fixture = await startTestService({ rendererDir: build.rendererDir });
});

afterAll(async () => {
  await fixture?.close();
  await build?.remove();
});

function get(path: string, method = 'GET') {
  return rawHttp(fixture.service.url, method, path);
}

function expectConsoleHeaders(headers: Record<string, unknown>): void {
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['access-control-allow-origin']).toBeUndefined();
}

describe('the page and its assets', () => {
  it('serves index.html at / (with or without the token query) as revalidated HTML', async () => {
    for (const path of ['/', '/?token=abc', '/index.html']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body.toString()).toBe(build.files['index.html']);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expectConsoleHeaders(answer.headers);
    }
  });

  it('serves hashed build assets as immutable, other files as revalidated, each with its content type', async () => {
    const script = await get('/assets/index-Bq3xY9zA.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-length']).toBe(String(build.files['assets/index-Bq3xY9zA.js']?.length));
    expect(script.body.toString()).toBe(build.files['assets/index-Bq3xY9zA.js']);

    const css = await get('/assets/theme.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/logo-Xy12_ab9.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get('/fonts/inter.woff2')).headers['content-type']).toBe('font/woff2');
  });

  it('answers HEAD with the headers only', async () => {
    const answer = await get('/assets/index-Bq3xY9zA.js', 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
    expect(answer.headers['content-length']).toBe(String(build.files['assets/index-Bq3xY9zA.js']?.length));
  });

  it('leaves paths that name no file, and other methods, to the rest of the server (404)', async () => {
    expect((await get('/assets/missing-Bq3xY9zA.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(404);
  });

  it('keeps the CodeArtifact API under /v1 working next to the console', async () => {
    await expect(fixture.client().send(new ListDomainsCommand({}))).resolves.toMatchObject({ domains: [] });
  });
});

describe('nothing outside the build folder', () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/..%5csecret.txt',
    '/assets/linked.txt',
    '/assets/theme.css%00.js',
    '/%ZZ',
    '//secret.txt',
  ];

  it('never answers with a file outside it, whatever the path', async () => {
    for (const path of attempts) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain(build.secret);
    }
    // The secret's absolute path, percent-encoded into one segment.
    const absolute = await get(`/${encodeURIComponent(join(build.root, 'secret.txt'))}`);
    expect(absolute.status).toBe(404);
  });

  it('splits and checks path segments strictly', () => {
    expect(safeSegments('/assets/a.js')).toEqual(['assets', 'a.js']);
    expect(safeSegments('/a%20b/c')).toEqual(['a b', 'c']);
    expect(safeSegments('/')).toEqual([]);
    for (const bad of [
      '/..',
      '/a/./b',
      '/%2e%2e',
      '/a%2fb',
      '/a%5cb',
      '/a%00b',
      '/%E0%A4%A',
      '/c:%5cx',
      '/C%3A',
    ]) {
      expect(safeSegments(bad), bad).toBeUndefined();
    }
  });

  it('knows which files are content-hashed and what type each file is', () => {
    expect(isHashedAsset(['assets', 'index-Bq3xY9zA.js'])).toBe(true);
    expect(isHashedAsset(['assets', 'theme.css'])).toBe(false);
    expect(isHashedAsset(['index-Bq3xY9zA.js'])).toBe(false);
    expect(contentTypeOf('x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});

describe('before the renderer is built', () => {
  it('answers / with a 503 page that says to run npm run build, and leaves other paths alone', async () => {
    const unbuilt = await startTestService({ rendererDir: join(build.root, 'not-built-yet') });
    try {
      const page = await rawHttp(unbuilt.service.url, 'GET', '/?token=x');
      expect(page.status).toBe(503);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body.toString()).toContain('npm run build');
      expectConsoleHeaders(page.headers);
      expect((await rawHttp(unbuilt.service.url, 'GET', '/assets/index-Bq3xY9zA.js')).status).toBe(404);
    } finally {
      await unbuilt.close();
    }
  });
});

describe('the host check', () => {
  it('applies to the console too: a page fetched under a foreign Host name is refused', async () => {
    const answer = await rawHttp(fixture.service.url, 'GET', '/', { Host: 'attacker.invalid' });
    expect(answer.status).toBe(403);
    expect(answer.body.toString()).not.toContain('<div id="root">');
  });
});
