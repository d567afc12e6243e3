/**
 * The console token: the secret that lets a browser tab use the web console. Generated per start of
 * `serve` unless given; compared in constant time so its bytes cannot be guessed one by one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** URL-safe characters only, because the token rides in the console URL's query. */
const tokenPattern = /^[A-Za-z0-9._~-]{16,256}$/;

export class ConsoleTokenError extends Error {
  override readonly name = 'ConsoleTokenError';
}

export function generateConsoleToken(): string {
  return randomBytes(32).toString('base64url');
}

export function checkConsoleToken(token: string): string {
  if (!tokenPattern.test(token)) {
    throw new ConsoleTokenError(
      'The console token must be 16 to 256 characters of letters, digits, and . _ ~ -',
    );
  }
  return token;
}

/** A predicate that tells whether a presented token is the console token. */
export function createTokenMatcher(token: string): (presented: string | undefined | null) => boolean {
  // Digests make both sides the same length, so the comparison's time says nothing about the token.
  const expected = createHash('sha256').update(checkConsoleToken(token), 'utf8').digest();
  return (presented) => {
    if (typeof presented !== 'string' || presented === '') return false;
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    return timingSafeEqual(expected, digest);
  };
}

/** The token of an `Authorization: Bearer …` header, if that is what the header holds. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
