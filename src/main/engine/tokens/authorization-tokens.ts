/**
 * GetAuthorizationToken and the check the format endpoints make on the tokens it hands out. Only the
 * SHA-256 of a token is stored, so the database never holds a usable credential.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { GetAuthorizationTokenRequest, GetAuthorizationTokenResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, type DomainRow } from '../lookups';

export const minTokenDurationSeconds = 900;
export const maxTokenDurationSeconds = 43_200;

/**
 * `durationSeconds: 0` asks for a token that lives as long as the caller's credentials. Local
 * credentials never expire, so such a token gets the default (and maximum) lifetime of 12 hours.
 */
export function tokenDurationSeconds(durationSeconds: number | undefined): number {
  if (durationSeconds === undefined || durationSeconds === 0) return maxTokenDurationSeconds;
  if (
    !Number.isInteger(durationSeconds) ||
    durationSeconds < minTokenDurationSeconds ||
    durationSeconds > maxTokenDurationSeconds
  ) {
    throw new ValidationException(
      `durationSeconds must be 0 or a whole number from ${minTokenDurationSeconds} to ${maxTokenDurationSeconds}; ` +
        `got ${durationSeconds}.`,
    );
  }
  return durationSeconds;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function getAuthorizationToken(
  ctx: EngineContext,
  input: GetAuthorizationTokenRequest,
): GetAuthorizationTokenResult {
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const lifetime = tokenDurationSeconds(input.durationSeconds);
  const now = ctx.now().getTime();
  const expiration = now + lifetime * 1000;
  // 96 random bytes: far beyond guessing, and still short enough for every client's config file.
  const token = randomBytes(96).toString('base64url');
  ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    // Expired tokens are useless; dropping them whenever a token is issued keeps the table small.
    db.run('DELETE FROM authorization_tokens WHERE expiration <= ?', [now]);
    db.run(
      'INSERT INTO authorization_tokens (token_sha256, domain_id, created_time, expiration) VALUES (?, ?, ?, ?)',
      [tokenHash(token), domain.id, now, expiration],
    );
  });
  return { authorizationToken: token, expiration: new Date(expiration) };
}

export interface VerifiedAuthorizationToken {
  readonly domain: string;
  readonly domainOwner: string;
  readonly expiration: Date;
}

/** The domain a token was issued for, or undefined when the token is unknown, expired, or its domain is gone. */
export function verifyAuthorizationToken(
  ctx: EngineContext,
  token: string,
): VerifiedAuthorizationToken | undefined {
  const found = authorizationTokenDomain(ctx, token);
  return (
    found && { domain: found.domain.name, domainOwner: found.domain.owner, expiration: found.expiration }
  );
}

/**
 * The whole row of the domain a token was issued for (the same check as verifyAuthorizationToken),
 * so a format request learns its domain from the one query that checks its token.
 */
export function authorizationTokenDomain(
  ctx: EngineContext,
  token: string,
): { readonly domain: DomainRow; readonly expiration: Date } | undefined {
  if (token.length === 0) return undefined;
  const now = ctx.now().getTime();
  const row = ctx.store.read((db) =>
    db.get<DomainRow & { token_expiration: number }>(
      `SELECT d.*, t.expiration AS token_expiration FROM authorization_tokens t JOIN domains d ON d.id = t.domain_id
       WHERE t.token_sha256 = ?`,
      [tokenHash(token)],
    ),
  );
  if (!row || row.token_expiration <= now) return undefined;
  const { token_expiration: expiration, ...domain } = row;
  return { domain, expiration: new Date(expiration) };
}
