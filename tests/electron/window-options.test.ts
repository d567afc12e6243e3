/**
 * The desktop window's security, asserted without Electron: an isolated, sandboxed renderer with no
 * Node, web security on, no webviews; navigation only to the app's page; new windows always denied,
 * https links handed to the OS browser; the CSP and anti-framing headers forced onto every response.
 */
import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  buildWindowOptions,
  decideWindowOpen,
  isExternalLink,
  withSecurityHeaders,
} from '../../src/main/desktop/window-options';
import { rendererDevServerUrl } from '../../src/main/desktop/dev-server-url';
import { contentSecurityPolicy } from '../../src/shared/content-security-policy';

describe('window options', () => {
  const options = buildWindowOptions({ preloadPath: 'preload/index.cjs' });

  it('isolate the renderer: context isolation, sandbox, no Node anywhere, web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: 'preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('carry the app icon the main process points them at', () => {
    expect(buildWindowOptions({ preloadPath: 'p.cjs', iconPath: '/app/out/renderer/icon.png' }).icon).toBe(
      '/app/out/renderer/icon.png',
    );
  });

  it('show the window only once it has painted', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Artifact Desk');
  });
});

describe('navigation and new windows', () => {
  const isAppPage = (url: string): boolean => url === 'file:///app/index.html';

  it('allow in-window navigation to the app page only', () => {
    expect(allowNavigation('file:///app/index.html', isAppPage)).toBe(true);
    for (const url of [
      'https://example.invalid/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://127.0.0.1:5484/',
    ]) {
      expect(allowNavigation(url, isAppPage), url).toBe(false);
    }
  });

  it('deny every new window; only https links go to the OS browser', () => {
    expect(decideWindowOpen('https://docs.example.invalid/page')).toEqual({
      action: 'deny',
      openExternally: 'https://docs.example.invalid/page',
    });
    for (const url of [
      'http://example.invalid/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'not a url',
    ]) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny' });
      expect(isExternalLink(url)).toBe(false);
    }
  });
});

describe('security headers on the app pages', () => {
  it('replace any CSP or framing header a server sent, whatever its case, and keep the rest', () => {
    const csp = contentSecurityPolicy();
    const headers = withSecurityHeaders(
      {
        'content-security-policy': ['default-src *'],
        'X-FRAME-OPTIONS': ['ALLOWALL'],
        'Content-Type': ['text/html'],
      },
      csp,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [csp],
      'X-Frame-Options': ['DENY'],
      'X-Content-Type-Options': ['nosniff'],
    });
    expect(withSecurityHeaders(undefined, csp)['Content-Security-Policy']).toEqual([csp]);
  });

  it('use a CSP without inline or remote scripts, plugins, framing or form posts', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    for (const directive of [
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    // Only the development server's hot reload needs more.
    expect(contentSecurityPolicy({ dev: true })).toContain("script-src 'self' 'unsafe-inline'");
  });
});

describe('renderer dev server URL', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' };

  it('is ignored by the packaged app, so nobody can load another page into the trusted window', () => {
    expect(rendererDevServerUrl(env, true)).toBeUndefined();
  });

  it('is used while developing (an unpackaged app started by electron-vite)', () => {
    expect(rendererDevServerUrl(env, false)).toBe('http://127.0.0.1:5173/');
    expect(rendererDevServerUrl({}, false)).toBeUndefined();
  });
});
