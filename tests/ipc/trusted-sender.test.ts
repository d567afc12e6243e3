/** Which frames the bridge trusts: the app's own page on disk, or the development server's origin. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTrustedSenderCheck } from '../../src/main/ipc/trusted-sender';

const page = pathToFileURL(
  join(tmpdir(), 'Artifact Desk', 'resources', 'out', 'renderer', 'index.html'),
).href;

describe('trusted sender check', () => {
  const packaged = createTrustedSenderCheck({ rendererIndexUrl: page });
  const developing = createTrustedSenderCheck({
    rendererIndexUrl: page,
    devServerUrl: 'http://localhost:5173/',
  });

  it('trusts the packaged page, whatever its query or fragment', () => {
    expect(packaged(page)).toBe(true);
    expect(packaged(`${page}#/repositories/libs`)).toBe(true);
    expect(packaged(`${page}?theme=dark`)).toBe(true);
  });

  it('refuses other files, including ones that only share a prefix or climb out with dot segments', () => {
    expect(packaged(page.replace('index.html', 'other.html'))).toBe(false);
    expect(packaged(`${page}.evil.html`)).toBe(false);
    expect(packaged(pathToFileURL(join(tmpdir(), 'index.html')).href)).toBe(false);
    expect(packaged(page.replace('/renderer/', '/renderer/../../evil/'))).toBe(false);
  });

  it('refuses web origins, blank and unparsable frames, and missing frames', () => {
    for (const url of [
      'https://attacker.invalid/',
      'http://127.0.0.1:5484/',
      'about:blank',
      'data:text/html,x',
      '',
      'garbage',
      undefined,
    ]) {
      expect(packaged(url), String(url)).toBe(false);
    }
  });

  it('trusts the development server by origin only while developing', () => {
    expect(developing('http://localhost:5173/')).toBe(true);
    expect(developing('http://localhost:5173/src/index.html#x')).toBe(true);
    expect(developing('http://localhost:5174/')).toBe(false);
    expect(developing('http://127.0.0.1:5173/')).toBe(false);
    expect(packaged('http://localhost:5173/')).toBe(false);
  });

  it('insists on a file:// page for the packaged renderer', () => {
    expect(() => createTrustedSenderCheck({ rendererIndexUrl: 'http://localhost/' })).toThrow(/file:\/\//);
  });
});
