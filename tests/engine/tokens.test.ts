// GetAuthorizationToken and verifyAuthorizationToken: lifetimes, expiry, storage, pruning.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuthorizationToken } from '../../src/main/engine';
import { ResourceNotFoundException, ValidationException } from '../../src/main/engine/errors';
import {
  accountId,
  expectServiceError,
  openEngine,
  otherAccountId,
  type EngineFixture,
} from './engine-fixture';

const hours = (n: number) => n * 3600_000;

describe('authorization tokens', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('issues a 12-hour token by default that verifies for its domain', async () => {
    const issued = await engine.call('GetAuthorizationToken', { domain: 'acme', domainOwner: accountId });
    const token = issued.authorizationToken ?? '';
    expect(token.length).toBeGreaterThanOrEqual(100);
    expect(issued.expiration).toEqual(new Date(engine.now().getTime() + hours(12)));
    expect(verifyAuthorizationToken(engine.ctx, token)).toEqual({
      domain: 'acme',
      domainOwner: accountId,
      expiration: issued.expiration,
    });
  });

  it('issues a different token every time', async () => {
    const a = await engine.call('GetAuthorizationToken', { domain: 'acme' });
    const b = await engine.call('GetAuthorizationToken', { domain: 'acme' });
    expect(a.authorizationToken).not.toBe(b.authorizationToken);
  });

  it('honours durationSeconds and stops verifying a token once it expires', async () => {
    const issued = await engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds: 900 });
    const token = issued.authorizationToken ?? '';
    expect(issued.expiration).toEqual(new Date(engine.now().getTime() + 900_000));
    engine.advance(899_999);
    expect(verifyAuthorizationToken(engine.ctx, token)).toBeDefined();
    engine.advance(1);
    expect(verifyAuthorizationToken(engine.ctx, token)).toBeUndefined();
  });

  it('gives durationSeconds 0 the 12-hour lifetime, since local credentials do not expire', async () => {
    const issued = await engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds: 0 });
    expect(issued.expiration).toEqual(new Date(engine.now().getTime() + hours(12)));
    const longest = await engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds: 43200 });
    expect(longest.expiration).toEqual(new Date(engine.now().getTime() + hours(12)));
  });

  it.each([1, 899, 43201, 1000.5, -5])('refuses durationSeconds %s', async (durationSeconds) => {
    await expectServiceError(
      engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds }),
      ValidationException,
      { message: /durationSeconds/ },
    );
  });

  it('needs the domain to exist', async () => {
    await expectServiceError(
      engine.call('GetAuthorizationToken', { domain: 'ghost' }),
      ResourceNotFoundException,
      {
        resourceId: 'ghost',
        resourceType: 'domain',
      },
    );
    await expectServiceError(
      engine.call('GetAuthorizationToken', { domain: 'acme', domainOwner: otherAccountId }),
      ResourceNotFoundException,
    );
  });

  it('does not verify unknown or altered tokens', async () => {
    const token = (await engine.call('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
    expect(verifyAuthorizationToken(engine.ctx, '')).toBeUndefined();
    expect(verifyAuthorizationToken(engine.ctx, 'made-up')).toBeUndefined();
    expect(verifyAuthorizationToken(engine.ctx, token.slice(0, -1))).toBeUndefined();
  });

  it('stores only the SHA-256 of a token', async () => {
    const token = (await engine.call('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
    const rows = engine.store.read((db) =>
      db.all<{ token_sha256: string }>('SELECT token_sha256 FROM authorization_tokens'),
    );
    expect(rows).toEqual([{ token_sha256: createHash('sha256').update(token).digest('hex') }]);
  });

  it('prunes expired tokens when new ones are issued', async () => {
    await engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds: 900 });
    await engine.call('GetAuthorizationToken', { domain: 'acme', durationSeconds: 3600 });
    engine.advance(1000_000);
    const fresh = await engine.call('GetAuthorizationToken', { domain: 'acme' });
    const count = engine.store.read((db) =>
      db.get<{ n: number }>('SELECT COUNT(*) AS n FROM authorization_tokens'),
    )?.n;
    expect(count).toBe(2);
    expect(verifyAuthorizationToken(engine.ctx, fresh.authorizationToken ?? '')).toBeDefined();
  });

  it('keeps tokens valid across a reopen of the store', async () => {
    const token = (await engine.call('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
    await engine.reopen();
    expect(verifyAuthorizationToken(engine.ctx, token)?.domain).toBe('acme');
  });
});
