/**
 * Authentication of the package-format endpoints with tokens from GetAuthorizationToken, sent as
 * `Authorization: Bearer TOKEN` (npm, Cargo) or Basic with any user name and the token as password
 * (pip, twine, Maven, NuGet and RubyGems use the user `aws`). A token is good only for the domain it
 * was issued for.
 */
import type { IncomingMessage } from 'node:http';
import type { EngineContext } from '../../engine/context';
import type { DomainRow } from '../../engine/lookups';
import { authorizationTokenDomain } from '../../engine/tokens/authorization-tokens';

/** A good token comes with the row of its domain (read by the same query), so the caller need not look it up again. */
export type TokenCheck =
  | { readonly ok: true; readonly domain: DomainRow }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'wrong-domain' };

/** The token carried by an Authorization header, whichever of the two schemes it uses. */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

export function checkFormatToken(
  ctx: EngineContext,
  req: IncomingMessage,
  domain: string,
  owner: string,
): TokenCheck {
  const token = tokenFromAuthorization(req.headers.authorization);
  if (token === undefined) return { ok: false, reason: 'missing' };
  const verified = authorizationTokenDomain(ctx, token);
  if (!verified) return { ok: false, reason: 'invalid' };
  if (verified.domain.name !== domain || verified.domain.owner !== owner)
    return { ok: false, reason: 'wrong-domain' };
  return { ok: true, domain: verified.domain };
}
