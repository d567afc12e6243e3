/**
 * The KMS key a domain reports. There is no KMS locally: a given key is recorded as its ARN, and a
 * domain created without one gets the account's default key, whose ARN is generated once and kept in
 * the store so every domain of the account reports the same key, across restarts.
 */
import { randomUUID } from 'node:crypto';
import type { EngineConfig } from '../context';
import type { Db } from '../../store/types';

/**
 * CreateDomain accepts a key id, a key ARN, an alias name or an alias ARN; DomainDescription reports
 * an ARN, so ids and alias names are expanded into ARNs of the local account and region.
 */
export function encryptionKeyArn(config: EngineConfig, owner: string, encryptionKey: string): string {
  if (encryptionKey.startsWith('arn:')) return encryptionKey;
  const prefix = `arn:aws:kms:${config.region}:${owner}:`;
  return encryptionKey.startsWith('alias/') ? prefix + encryptionKey : `${prefix}key/${encryptionKey}`;
}

/** Must run inside a write transaction: the first call for an account and region records the key. */
export function defaultEncryptionKeyArn(db: Db, config: EngineConfig, owner: string): string {
  const settingKey = `default-encryption-key/${owner}/${config.region}`;
  const existing = db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [settingKey]);
  if (existing) return existing.value;
  const arn = `arn:aws:kms:${config.region}:${owner}:key/${randomUUID()}`;
  db.run('INSERT INTO settings (key, value) VALUES (?, ?)', [settingKey, arn]);
  return arn;
}
