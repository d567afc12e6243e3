/**
 * The Content Security Policy of the app's pages, in the desktop window and in the web console:
 * only the app's own scripts, no plugins, no framing, no form posts, requests to its own origin only.
 * Inline styles stay allowed because components set `style` attributes; inline scripts do not.
 */

const production = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** `dev` also admits what the development server's hot reload needs (its websocket, inline preamble). */
export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  if (!options.dev) return production.join('; ');
  return production
    .map((directive) => {
      if (directive.startsWith('script-src')) return "script-src 'self' 'unsafe-inline'";
      if (directive.startsWith('connect-src'))
        return "connect-src 'self' ws: http://localhost:* http://127.0.0.1:*";
      return directive;
    })
    .join('; ');
}
