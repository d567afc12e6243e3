/**
 * The local account: its id, region and the access key that signs API requests. Chosen at first start
 * (from flags or generated) and kept in the data directory, so ARNs, domain owners and client
 * configuration stay the same from one start to the next.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Identity {
  readonly accountId: string;
  readonly region: string;
  readonly credentials: Credentials;
}

export interface IdentityRequest {
  readonly accountId?: string;
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

export const defaultRegion = 'us-east-1';
const identityFile = 'identity.json';
const accountIdPattern = /^[0-9]{12}$/;
const regionPattern = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const accessKeyIdPattern = /^[A-Z0-9]{16,128}$/;

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}

function generateAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  return 'AKIA' + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function generateSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

function generateAccountId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => String(randomInt(0, 10))).join('');
}

function check(request: IdentityRequest): void {
  if (request.accountId !== undefined && !accountIdPattern.test(request.accountId)) {
    throw new IdentityError(`The account id must be 12 digits, got '${request.accountId}'.`);
  }
  if (request.region !== undefined && !regionPattern.test(request.region)) {
    throw new IdentityError(`'${request.region}' is not a region name such as us-east-1.`);
  }
  if ((request.accessKeyId === undefined) !== (request.secretAccessKey === undefined)) {
    throw new IdentityError('Give both --access-key-id and --secret-access-key, or neither.');
  }
  if (request.accessKeyId !== undefined && !accessKeyIdPattern.test(request.accessKeyId)) {
    throw new IdentityError('The access key id must be 16 to 128 upper-case letters and digits.');
  }
  if (request.secretAccessKey !== undefined && request.secretAccessKey.length < 8) {
    throw new IdentityError('The secret access key must be at least 8 characters.');
  }
}

function parseStored(path: string): Identity {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new IdentityError(`${path} is not readable JSON: ${(error as Error).message}`);
  }
  const value = parsed as Partial<Identity> & { credentials?: Partial<Credentials> };
  if (
    typeof value.accountId !== 'string' ||
    typeof value.region !== 'string' ||
    typeof value.credentials?.accessKeyId !== 'string' ||
    typeof value.credentials.secretAccessKey !== 'string'
  ) {
    throw new IdentityError(`${path} lacks accountId, region or credentials.`);
  }
  return {
    accountId: value.accountId,
    region: value.region,
    credentials: {
      accessKeyId: value.credentials.accessKeyId,
      secretAccessKey: value.credentials.secretAccessKey,
    },
  };
}

/**
 * Loads the identity kept in `dataDir`, creating it on first start. The account id and region belong to
 * the data (they are in every ARN and domain owner), so a different one for an existing data directory
 * is refused; credentials may be replaced by flag and are then kept.
 */
export function loadIdentity(dataDir: string, request: IdentityRequest = {}): Identity {
  check(request);
  const path = join(dataDir, identityFile);
  if (!existsSync(path)) {
    const identity: Identity = {
      accountId: request.accountId ?? generateAccountId(),
      region: request.region ?? defaultRegion,
      credentials: {
        accessKeyId: request.accessKeyId ?? generateAccessKeyId(),
        secretAccessKey: request.secretAccessKey ?? generateSecretAccessKey(),
      },
    };
    writeFileAtomic(path, JSON.stringify(identity, null, 2) + '\n');
    return identity;
  }
  const stored = parseStored(path);
  if (request.accountId !== undefined && request.accountId !== stored.accountId) {
    throw new IdentityError(
      `This data directory belongs to account ${stored.accountId}; it cannot be served as account ${request.accountId}. Choose another --data-dir.`,
    );
  }
  if (request.region !== undefined && request.region !== stored.region) {
    throw new IdentityError(
      `This data directory belongs to region ${stored.region}; it cannot be served as region ${request.region}. Choose another --data-dir.`,
    );
  }
  if (request.accessKeyId !== undefined && request.secretAccessKey !== undefined) {
    const changed = {
      ...stored,
      credentials: { accessKeyId: request.accessKeyId, secretAccessKey: request.secretAccessKey },
    };
    if (
      changed.credentials.accessKeyId !== stored.credentials.accessKeyId ||
      changed.credentials.secretAccessKey !== stored.credentials.secretAccessKey
    ) {
      writeFileAtomic(path, JSON.stringify(changed, null, 2) + '\n');
    }
    return changed;
  }
  return stored;
}

/**
 * Replaces the stored access key with a freshly generated one and returns the new identity. The
 * file is rewritten atomically, so a crash leaves either the old key or the new one.
 */
export function rotateStoredCredentials(dataDir: string): Identity {
  const path = join(dataDir, identityFile);
  const stored = parseStored(path);
  const rotated: Identity = {
    ...stored,
    credentials: { accessKeyId: generateAccessKeyId(), secretAccessKey: generateSecretAccessKey() },
  };
  writeFileAtomic(path, JSON.stringify(rotated, null, 2) + '\n');
  return rotated;
}
