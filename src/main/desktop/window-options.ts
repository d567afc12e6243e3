/**
 * The desktop window's construction options and the rules for where it may go. Kept apart from
 * Electron's runtime so the security settings are asserted by unit tests: an isolated, sandboxed
 * renderer without Node, with web security on, that never navigates away from the app's page and
 * opens external links only in the user's browser.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the built preload script (CommonJS, as sandboxed preloads must be). */
  readonly preloadPath: string;
  /** Absolute path of the window icon (a PNG: the taskbar and window switcher show it on Linux and Windows). */
  readonly iconPath?: string;
  readonly title?: string;
  readonly backgroundColor?: string;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: input.title ?? 'Artifact Desk',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    backgroundColor: input.backgroundColor ?? '#1e1f22',
    webPreferences: {
      preload: input.preloadPath,
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
      spellcheck: false,
    },
  };
}

/** Only https links leave the app, and only to the user's browser. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export type WindowOpenDecision = { readonly action: 'deny'; readonly openExternally?: string };

/** Every window.open and target=_blank is denied; an https link is handed to the OS browser instead. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return isExternalLink(url) ? { action: 'deny', openExternally: url } : { action: 'deny' };
}

/** In-window navigation is allowed only to the app's own page (a reload); anything else is blocked. */
export function allowNavigation(url: string, isAppPage: (url: string) => boolean): boolean {
  return isAppPage(url);
}

/**
 * Response headers with the app's CSP and anti-framing headers set, replacing whatever a server
 * (the development server) sent under those names in any letter case.
 */
export function withSecurityHeaders(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const replaced = new Set(['content-security-policy', 'x-frame-options', 'x-content-type-options']);
  const kept = Object.entries(headers ?? {}).filter(([name]) => !replaced.has(name.toLowerCase()));
  return {
    ...Object.fromEntries(kept),
    'Content-Security-Policy': [csp],
    'X-Frame-Options': ['DENY'],
    'X-Content-Type-Options': ['nosniff'],
  };
}
