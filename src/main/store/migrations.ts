/** The database schema as numbered migrations, applied in order by the store at open. */
import type { Migration } from './types';

/**
 * Domains, repositories and what hangs off them. Every timestamp is epoch milliseconds. Rows point at
 * each other by integer id, so a repository deleted and created again under the same name starts
 * empty instead of inheriting anything left behind. Policies and tags belong to several kinds of
 * resource and are keyed by (resource_kind, resource_id); the engine deletes them with the resource.
 */
const foundation = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE domains (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  encryption_key TEXT NOT NULL,
  s3_bucket_arn TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  UNIQUE (owner, name)
);

CREATE TABLE repositories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain_id INTEGER NOT NULL REFERENCES domains (id),
  name TEXT NOT NULL,
  administrator_account TEXT NOT NULL,
  description TEXT,
  created_time INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);
CREATE INDEX repositories_by_name ON repositories (name, domain_id);

CREATE TABLE repository_upstreams (
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  upstream_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  PRIMARY KEY (repository_id, position),
  UNIQUE (repository_id, upstream_id)
) WITHOUT ROWID;
CREATE INDEX repository_upstreams_by_upstream ON repository_upstreams (upstream_id);

CREATE TABLE repository_external_connections (
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  package_format TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  PRIMARY KEY (repository_id, name)
) WITHOUT ROWID;

CREATE TABLE package_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain_id INTEGER NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  pattern TEXT NOT NULL,
  description TEXT,
  contact_info TEXT,
  created_time INTEGER NOT NULL,
  UNIQUE (domain_id, pattern)
);

CREATE TABLE resource_policies (
  resource_kind TEXT NOT NULL,
  resource_id INTEGER NOT NULL,
  document TEXT NOT NULL,
  revision TEXT NOT NULL,
  updated_time INTEGER NOT NULL,
  PRIMARY KEY (resource_kind, resource_id)
) WITHOUT ROWID;

CREATE TABLE resource_tags (
  resource_kind TEXT NOT NULL,
  resource_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_kind, resource_id, key)
) WITHOUT ROWID;

CREATE TABLE authorization_tokens (
  token_sha256 TEXT PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  created_time INTEGER NOT NULL,
  expiration INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX authorization_tokens_by_expiration ON authorization_tokens (expiration);
CREATE INDEX authorization_tokens_by_domain ON authorization_tokens (domain_id);

-- One row per distinct asset blob stored in a domain (assets are stored once per domain however many
-- repositories hold them). Filled by publishing; DomainDescription.assetSizeBytes is the sum of size.
CREATE TABLE domain_blobs (
  domain_id INTEGER NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  md5 TEXT NOT NULL,
  sha1 TEXT NOT NULL,
  sha512 TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  PRIMARY KEY (domain_id, sha256)
) WITHOUT ROWID;
`;

export const migrations: readonly Migration[] = [{ version: 1, name: 'foundation', sql: foundation }];
