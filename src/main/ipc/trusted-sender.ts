/**
 * Which frames may call operations: only the app's own page, loaded from its file on disk, or from
 * the development server while developing. A page the window was somehow navigated to, or an
 * embedded frame of another origin, is refused.
 */

export interface TrustedPages {
  /** file:// URL of the packaged renderer's index.html. */
  readonly rendererIndexUrl: string;
  /** The development server's URL, when running `npm run dev`. */
  readonly devServerUrl?: string;
}

export type TrustedSenderCheck = (frameUrl: string | undefined) => boolean;

function parse(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function createTrustedSenderCheck(pages: TrustedPages): TrustedSenderCheck {
  const index = parse(pages.rendererIndexUrl);
  if (!index || index.protocol !== 'file:') {
    throw new Error(`The renderer's page must be a file:// URL, got '${pages.rendererIndexUrl}'.`);
  }
  const dev = parse(pages.devServerUrl);
  return (frameUrl) => {
    const url = parse(frameUrl);
    if (!url) return false;
    // The query and fragment are the page's own state; the document is what must match.
    if (url.protocol === 'file:') return url.host === index.host && url.pathname === index.pathname;
    return (
      dev !== undefined &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === dev.origin
    );
  };
}
