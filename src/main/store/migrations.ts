/** The database schema as numbered migrations, applied in order by the store at open. */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { factFamily, internPlainFactBody, packStoredBody } from '../engine/assets/blob-fact-bodies';
import { versionSortKey } from '../engine/package-versions/version-order';
import { encodeDependencyList, internEncodedDependencyList } from '../engine/packages/dependency-lists';
import type { DependencyEntry } from '../engine/packages/package-records';
import { internDescription, type DescriptionFields } from '../engine/packages/version-descriptions';
import type { Db, Migration } from './types';

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

/**
 * Packages and what hangs off them, per repository.
 *
 *   packages                      one row per (repository, format, namespace, normalised name), with
 *                                 the package's origin controls (publish, upstream: ALLOW | BLOCK).
 *                                 A package can exist with no versions (PutPackageOriginConfiguration).
 *                                 `namespace` is '' for formats without one, so the UNIQUE key holds.
 *   package_versions              one row per version of a package in that repository: status,
 *                                 revision, origin (INTERNAL/EXTERNAL/UNKNOWN and the domain entry
 *                                 point), metadata (summary, home page, source repository, licences
 *                                 as JSON, readme, display name) and `sort_key`, a string whose byte
 *                                 order is the format's version order (see version-order.ts).
 *   package_version_assets        the files of a version: name and the SHA-256 of a blob of the
 *                                 domain; size and hashes live once in domain_blobs. Several versions,
 *                                 in several repositories, can point at the same blob.
 *   package_version_dependencies  a version's direct dependencies, in the order the metadata gave.
 *   package_dist_tags             npm dist-tags of a package (tag → version) and when each was set.
 *
 * Deleting a repository, package or version cascades down these tables; the engine then drops the
 * domain_blobs rows nothing references any more and removes their files after the commit.
 */
const packages = `
CREATE TABLE packages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  format TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  publish TEXT NOT NULL,
  upstream TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  UNIQUE (repository_id, format, namespace, name)
);
CREATE INDEX packages_by_name ON packages (repository_id, name);

CREATE TABLE package_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  status TEXT NOT NULL,
  revision TEXT NOT NULL,
  published_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL,
  origin_type TEXT NOT NULL,
  origin_repository TEXT,
  origin_external_connection TEXT,
  display_name TEXT,
  summary TEXT,
  home_page TEXT,
  source_code_repository TEXT,
  licenses TEXT,
  readme TEXT,
  UNIQUE (package_id, version)
);
CREATE INDEX package_versions_by_order ON package_versions (package_id, sort_key, version);
CREATE INDEX package_versions_by_published ON package_versions (package_id, published_time, version);
CREATE INDEX package_versions_by_status_order ON package_versions (package_id, status, sort_key, version);
CREATE INDEX package_versions_by_status_published
  ON package_versions (package_id, status, published_time, version);

CREATE TABLE package_version_assets (
  version_id INTEGER NOT NULL REFERENCES package_versions (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  PRIMARY KEY (version_id, name),
  FOREIGN KEY (domain_id, sha256) REFERENCES domain_blobs (domain_id, sha256)
) WITHOUT ROWID;
CREATE INDEX package_version_assets_by_blob ON package_version_assets (domain_id, sha256);

CREATE TABLE package_version_dependencies (
  version_id INTEGER NOT NULL REFERENCES package_versions (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  namespace TEXT,
  package TEXT NOT NULL,
  dependency_type TEXT,
  version_requirement TEXT,
  PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE package_dist_tags (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  version TEXT NOT NULL,
  updated_time INTEGER NOT NULL,
  PRIMARY KEY (package_id, tag)
) WITHOUT ROWID;
`;

/**
 * Origin controls of package groups. A restriction type (PUBLISH, EXTERNAL_UPSTREAM,
 * INTERNAL_UPSTREAM) a group sets explicitly has a row in package_group_restrictions (mode ALLOW,
 * BLOCK or ALLOW_SPECIFIC_REPOSITORIES); no row means INHERIT, so every group, the root included,
 * starts out inheriting (the root's INHERIT resolves to ALLOW). Allowed-repository lists hold
 * repository ids per (group, restriction type). Both go with their group (deleted by pattern or with
 * its domain) and a listed repository leaves every list when it is deleted.
 */
const packageGroupOrigins = `
CREATE TABLE package_group_restrictions (
  group_id INTEGER NOT NULL REFERENCES package_groups (id) ON DELETE CASCADE,
  restriction_type TEXT NOT NULL,
  mode TEXT NOT NULL,
  PRIMARY KEY (group_id, restriction_type)
) WITHOUT ROWID;

CREATE TABLE package_group_allowed_repositories (
  group_id INTEGER NOT NULL REFERENCES package_groups (id) ON DELETE CASCADE,
  restriction_type TEXT NOT NULL,
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, restriction_type, repository_id)
) WITHOUT ROWID;
CREATE INDEX package_group_allowed_repositories_by_repository
  ON package_group_allowed_repositories (repository_id);
`;

/**
 * npm's deprecation message of a package version (`npm deprecate`); NULL when the version is not
 * deprecated. Kept per repository like the rest of a version's record, and copied with it.
 */
const versionDeprecation = `
ALTER TABLE package_versions ADD COLUMN deprecated TEXT;
`;

/**
 * Costs that do not grow with the store.
 *
 *   domains.asset_size_bytes  DomainDescription.assetSizeBytes, kept by triggers on domain_blobs so
 *                             every write that adds or drops a blob maintains it (no sum per read).
 *   blob_facts                what a format read from a blob's content when it arrived (npm: the
 *                             package.json fields a packument carries, as JSON text), keyed by the
 *                             blob and a kind; it goes with the blob's domain_blobs row.
 *   package_generations       a counter per package name (format, namespace, name), raised by
 *                             triggers on every write to that package's versions, assets and
 *                             dist-tags (and origin configuration), and one row ('', '', '')
 *                             raised when any repository's upstreams or external connections or
 *                             any package group's origin controls change (what a search order
 *                             follows). Cached documents
 *                             (packuments, simple pages, maven-metadata.xml) remember the counters
 *                             they were built at and are valid while both are unchanged.
 */
const scaleCounters = `
ALTER TABLE domains ADD COLUMN asset_size_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE domains SET asset_size_bytes =
  (SELECT COALESCE(SUM(size), 0) FROM domain_blobs b WHERE b.domain_id = domains.id);
CREATE TRIGGER domain_blobs_size_added AFTER INSERT ON domain_blobs BEGIN
  UPDATE domains SET asset_size_bytes = asset_size_bytes + NEW.size WHERE id = NEW.domain_id;
END;
CREATE TRIGGER domain_blobs_size_dropped AFTER DELETE ON domain_blobs BEGIN
  UPDATE domains SET asset_size_bytes = asset_size_bytes - OLD.size WHERE id = OLD.domain_id;
END;

CREATE TABLE blob_facts (
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (domain_id, sha256, kind),
  FOREIGN KEY (domain_id, sha256) REFERENCES domain_blobs (domain_id, sha256) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE package_generations (
  format TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  generation INTEGER NOT NULL,
  PRIMARY KEY (format, namespace, name)
) WITHOUT ROWID;
${generationTriggers()}
`;

/** The triggers that raise package_generations (see scaleCounters). */
function generationTriggers(): string {
  const bump = (select: string) => `
  INSERT INTO package_generations (format, namespace, name, generation) ${select}
  ON CONFLICT (format, namespace, name) DO UPDATE SET generation = generation + 1;`;
  const byPackage = (id: string) => bump(`SELECT format, namespace, name, 1 FROM packages WHERE id = ${id}`);
  const byVersion = (id: string) =>
    bump(
      `SELECT p.format, p.namespace, p.name, 1 FROM package_versions v JOIN packages p ON p.id = v.package_id WHERE v.id = ${id}`,
    );
  const topology = bump(`SELECT '', '', '', 1 WHERE 1`);
  const triggers: [string, string, string][] = [
    ['packages', 'INSERT', bump('SELECT NEW.format, NEW.namespace, NEW.name, 1 WHERE 1')],
    ['packages', 'UPDATE', bump('SELECT NEW.format, NEW.namespace, NEW.name, 1 WHERE 1')],
    ['packages', 'DELETE', bump('SELECT OLD.format, OLD.namespace, OLD.name, 1 WHERE 1')],
    ['package_versions', 'INSERT', byPackage('NEW.package_id')],
    ['package_versions', 'UPDATE', byPackage('NEW.package_id')],
    ['package_versions', 'DELETE', byPackage('OLD.package_id')],
    ['package_version_assets', 'INSERT', byVersion('NEW.version_id')],
    ['package_version_assets', 'DELETE', byVersion('OLD.version_id')],
    ['package_dist_tags', 'INSERT', byPackage('NEW.package_id')],
    ['package_dist_tags', 'UPDATE', byPackage('NEW.package_id')],
    ['package_dist_tags', 'DELETE', byPackage('OLD.package_id')],
    ['repository_upstreams', 'INSERT', topology],
    ['repository_upstreams', 'UPDATE', topology],
    ['repository_upstreams', 'DELETE', topology],
    ['repository_external_connections', 'INSERT', topology],
    ['repository_external_connections', 'DELETE', topology],
    // Package groups decide whether a search may go past a repository.
    ['package_groups', 'INSERT', topology],
    ['package_groups', 'DELETE', topology],
    ['package_group_restrictions', 'INSERT', topology],
    ['package_group_restrictions', 'UPDATE', topology],
    ['package_group_restrictions', 'DELETE', topology],
    ['package_group_allowed_repositories', 'INSERT', topology],
    ['package_group_allowed_repositories', 'DELETE', topology],
  ];
  return triggers
    .map(
      ([table, event, body]) =>
        `CREATE TRIGGER ${table}_generation_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN${body}\nEND;`,
    )
    .join('\n');
}

/**
 * What external connections' upstreams last answered for a metadata document (an npm packument, a
 * PyPI project page, a Maven maven-metadata.xml), by URL: the body as sent (gzip-compressed), the
 * validators to revalidate it with, and when it was last confirmed. Served as it is while the
 * upstream is unreachable. Not tied to a domain: it is a cache of the public upstream itself.
 */
const externalDocuments = `
CREATE TABLE external_documents (
  url TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  content_type TEXT,
  final_url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  body BLOB NOT NULL,
  fetched_time INTEGER NOT NULL,
  validated_time INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * 7 blob-damage: blob_damage rows mark blobs whose file was found damaged (its bytes no longer hash
 * to its digest, or its size changed) or missing, when a download or `verify` read them. A row goes
 * with its blob (cascade) and is cleared when the file is repaired.
 */
const blobDamage = `
CREATE TABLE blob_damage (
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('damaged', 'missing')),
  detail TEXT NOT NULL,
  detected_time INTEGER NOT NULL,
  PRIMARY KEY (domain_id, sha256),
  FOREIGN KEY (domain_id, sha256) REFERENCES domain_blobs (domain_id, sha256) ON DELETE CASCADE
) WITHOUT ROWID;
`;

/**
 * 9 mirror-jobs: pull and push jobs against a remote CodeArtifact domain, kept so a job resumes after
 * a restart. A job's remote (region, domain, profile name, endpoint; never a secret) and scope are
 * JSON; its items are the versions it moves, each pending until copied, skipped or failed.
 * mirror_revisions remembers, per remote and version, which local revision matches which remote
 * revision after a pull or push, since the two sides number revisions independently.
 */
const mirrorJobs = `
CREATE TABLE mirror_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  direction TEXT NOT NULL CHECK (direction IN ('pull', 'push')),
  remote TEXT NOT NULL,
  scope TEXT NOT NULL,
  overwrite INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('planning', 'running', 'done', 'failed', 'cancelled')),
  message TEXT,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);

CREATE TABLE mirror_job_items (
  job_id INTEGER NOT NULL REFERENCES mirror_jobs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  repository TEXT NOT NULL,
  format TEXT NOT NULL,
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  version TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
  message TEXT,
  PRIMARY KEY (job_id, position)
) WITHOUT ROWID;

CREATE TABLE mirror_revisions (
  remote TEXT NOT NULL,
  repository TEXT NOT NULL,
  format TEXT NOT NULL,
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  version TEXT NOT NULL,
  local_revision TEXT NOT NULL,
  remote_revision TEXT NOT NULL,
  PRIMARY KEY (remote, repository, format, namespace, package, version)
) WITHOUT ROWID;
`;

/**
 * 10 activity: what happened in each domain, for the activity timeline. Triggers write one
 * `activity_events` row per version added (publish, copy, fetch through an upstream or an external
 * connection), version status change, version removed, package removed, repository created or
 * removed, in the same transaction as the change. Who, through which operation and when come from
 * `activity_context`, the one row the engine writes at the start of each write transaction and
 * clears at its end (engine/activity/recording-store.ts); without it (a write outside the engine)
 * the row's own times stand in. Names are copied into the event, so it outlives what it names; the
 * events go with their domain. A change cascading from a removed repository or package records the
 * removal once, not once per version.
 */
const activity = `
CREATE TABLE activity_context (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  actor TEXT NOT NULL,
  operation TEXT NOT NULL,
  time INTEGER NOT NULL
);

CREATE TABLE activity_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain_id INTEGER NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  time INTEGER NOT NULL,
  actor TEXT NOT NULL,
  operation TEXT NOT NULL,
  change TEXT NOT NULL,
  repository TEXT NOT NULL,
  format TEXT,
  namespace TEXT,
  package TEXT,
  version TEXT,
  from_status TEXT,
  to_status TEXT,
  origin_type TEXT,
  origin_repository TEXT,
  origin_external_connection TEXT
);
CREATE INDEX activity_events_by_domain ON activity_events (domain_id, id);

CREATE TRIGGER activity_version_added AFTER INSERT ON package_versions BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository, format, namespace,
    package, version, to_status, origin_type, origin_repository, origin_external_connection)
  SELECT d.id, COALESCE(c.time, NEW.published_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'version-added', r.name, p.format, p.namespace, p.name,
    NEW.version, NEW.status, NEW.origin_type, NEW.origin_repository, NEW.origin_external_connection
  FROM packages p JOIN repositories r ON r.id = p.repository_id JOIN domains d ON d.id = r.domain_id
  LEFT JOIN activity_context c ON c.id = 1
  WHERE p.id = NEW.package_id;
END;

CREATE TRIGGER activity_version_status AFTER UPDATE OF status ON package_versions
WHEN OLD.status <> NEW.status BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository, format, namespace,
    package, version, from_status, to_status)
  SELECT d.id, COALESCE(c.time, NEW.updated_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'version-status', r.name, p.format, p.namespace, p.name,
    NEW.version, OLD.status, NEW.status
  FROM packages p JOIN repositories r ON r.id = p.repository_id JOIN domains d ON d.id = r.domain_id
  LEFT JOIN activity_context c ON c.id = 1
  WHERE p.id = NEW.package_id;
END;

CREATE TRIGGER activity_version_removed AFTER DELETE ON package_versions BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository, format, namespace,
    package, version, from_status)
  SELECT d.id, COALESCE(c.time, OLD.updated_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'version-removed', r.name, p.format, p.namespace, p.name,
    OLD.version, OLD.status
  FROM packages p JOIN repositories r ON r.id = p.repository_id JOIN domains d ON d.id = r.domain_id
  LEFT JOIN activity_context c ON c.id = 1
  WHERE p.id = OLD.package_id;
END;

CREATE TRIGGER activity_package_removed AFTER DELETE ON packages BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository, format, namespace,
    package)
  SELECT d.id, COALESCE(c.time, OLD.created_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'package-removed', r.name, OLD.format, OLD.namespace, OLD.name
  FROM repositories r JOIN domains d ON d.id = r.domain_id
  LEFT JOIN activity_context c ON c.id = 1
  WHERE r.id = OLD.repository_id;
END;

CREATE TRIGGER activity_repository_added AFTER INSERT ON repositories BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository)
  SELECT d.id, COALESCE(c.time, NEW.created_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'repository-added', NEW.name
  FROM domains d LEFT JOIN activity_context c ON c.id = 1
  WHERE d.id = NEW.domain_id;
END;

CREATE TRIGGER activity_repository_removed AFTER DELETE ON repositories BEGIN
  INSERT INTO activity_events (domain_id, time, actor, operation, change, repository)
  SELECT d.id, COALESCE(c.time, OLD.created_time), COALESCE(c.actor, 'local'),
    COALESCE(c.operation, 'background'), 'repository-removed', OLD.name
  FROM domains d LEFT JOIN activity_context c ON c.id = 1
  WHERE d.id = OLD.domain_id;
END;
`;

/**
 * 11 external-document-users: which external connection of which repository uses each stored
 * upstream document. A document is stored once per URL however many repositories read it, and it
 * goes when its last user does: deleting a repository, or removing its external connection,
 * cascades to its rows here, and the trigger then drops every document nobody uses any more (a
 * domain's repositories are all deleted before the domain). Documents stored before this
 * migration are given to every repository that has an external connection now; the rest go.
 */
const externalDocumentUsers = `
CREATE TABLE external_document_users (
  url TEXT NOT NULL REFERENCES external_documents (url) ON DELETE CASCADE,
  repository_id INTEGER NOT NULL,
  connection TEXT NOT NULL,
  PRIMARY KEY (url, repository_id, connection),
  FOREIGN KEY (repository_id, connection)
    REFERENCES repository_external_connections (repository_id, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX external_document_users_by_connection ON external_document_users (repository_id, connection);

CREATE TRIGGER external_documents_unused AFTER DELETE ON external_document_users
WHEN NOT EXISTS (SELECT 1 FROM external_document_users WHERE url = OLD.url)
BEGIN
  DELETE FROM external_documents WHERE url = OLD.url;
END;

INSERT INTO external_document_users (url, repository_id, connection)
  SELECT external_documents.url, repository_external_connections.repository_id, repository_external_connections.name
    FROM external_documents CROSS JOIN repository_external_connections;
DELETE FROM external_documents WHERE url NOT IN (SELECT url FROM external_document_users);
`;

/**
 * 12 version-readmes: a version's readme moves off its row into a table of its own, so the queries
 * that list versions (packuments, simple pages, maven-metadata.xml, ListPackageVersions) never read
 * readme text; only GetPackageVersionReadme and the npm packument's latest version ask for it. The
 * readmes a store holds are moved, then the column goes.
 */
const versionReadmes = `
CREATE TABLE package_version_readmes (
  version_id INTEGER PRIMARY KEY REFERENCES package_versions (id) ON DELETE CASCADE,
  readme TEXT NOT NULL
);
INSERT INTO package_version_readmes (version_id, readme)
  SELECT id, readme FROM package_versions WHERE readme IS NOT NULL;
ALTER TABLE package_versions DROP COLUMN readme;
`;

/**
 * 13 version-trash: what DeletePackageVersions and DeletePackage remove is kept here for the trash's
 * retention (the `trash.retentionDays` setting) so the app can restore it; the CodeArtifact API never
 * reads these tables. A trashed version keeps its package's coordinates (the package row may be gone),
 * every column of its package_versions row (a column added there later must be added here too), its
 * readme, its dependencies and the dist-tags that named it (JSON), its package's origin controls, and
 * its files: trash_version_assets point at domain_blobs like package_version_assets do, so a trashed
 * file is never released or swept. trash_held_blobs lists the blobs only the trash holds; its
 * triggers take their size off domains.asset_size_bytes while they are held, so DescribeDomain counts
 * what the API can reach, and the triggers on both asset tables keep the list exact. The trash of a
 * repository goes with it.
 */
const versionTrash = `
CREATE TABLE trash_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  format TEXT NOT NULL,
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  package_publish TEXT NOT NULL,
  package_upstream TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL,
  revision TEXT NOT NULL,
  published_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL,
  origin_type TEXT NOT NULL,
  origin_repository TEXT,
  origin_external_connection TEXT,
  display_name TEXT,
  summary TEXT,
  home_page TEXT,
  source_code_repository TEXT,
  licenses TEXT,
  deprecated TEXT,
  readme TEXT,
  dependencies TEXT NOT NULL,
  dist_tags TEXT NOT NULL,
  deleted_time INTEGER NOT NULL
);
CREATE INDEX trash_versions_by_repository ON trash_versions (repository_id, deleted_time);
CREATE INDEX trash_versions_by_deleted ON trash_versions (deleted_time);

CREATE TABLE trash_version_assets (
  trash_id INTEGER NOT NULL REFERENCES trash_versions (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  PRIMARY KEY (trash_id, name),
  FOREIGN KEY (domain_id, sha256) REFERENCES domain_blobs (domain_id, sha256)
) WITHOUT ROWID;
CREATE INDEX trash_version_assets_by_blob ON trash_version_assets (domain_id, sha256);

CREATE TABLE trash_held_blobs (
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (domain_id, sha256)
) WITHOUT ROWID;

CREATE TRIGGER trash_held_blobs_added AFTER INSERT ON trash_held_blobs BEGIN
  UPDATE domains SET asset_size_bytes = asset_size_bytes - NEW.size WHERE id = NEW.domain_id;
END;
CREATE TRIGGER trash_held_blobs_dropped AFTER DELETE ON trash_held_blobs BEGIN
  UPDATE domains SET asset_size_bytes = asset_size_bytes + OLD.size WHERE id = OLD.domain_id;
END;
CREATE TRIGGER package_version_assets_trash_hold AFTER DELETE ON package_version_assets
WHEN EXISTS (SELECT 1 FROM trash_version_assets t WHERE t.domain_id = OLD.domain_id AND t.sha256 = OLD.sha256)
  AND NOT EXISTS (SELECT 1 FROM package_version_assets a WHERE a.domain_id = OLD.domain_id AND a.sha256 = OLD.sha256)
BEGIN
  INSERT OR IGNORE INTO trash_held_blobs (domain_id, sha256, size)
    SELECT domain_id, sha256, size FROM domain_blobs WHERE domain_id = OLD.domain_id AND sha256 = OLD.sha256;
END;
CREATE TRIGGER package_version_assets_trash_live AFTER INSERT ON package_version_assets BEGIN
  DELETE FROM trash_held_blobs WHERE domain_id = NEW.domain_id AND sha256 = NEW.sha256;
END;
CREATE TRIGGER trash_version_assets_gone AFTER DELETE ON trash_version_assets
WHEN NOT EXISTS (SELECT 1 FROM trash_version_assets t WHERE t.domain_id = OLD.domain_id AND t.sha256 = OLD.sha256)
BEGIN
  DELETE FROM trash_held_blobs WHERE domain_id = OLD.domain_id AND sha256 = OLD.sha256;
END;
`;

/**
 * 14 compact-blob-rows: the two largest per-version costs of an npm store shrink (sql.js holds the
 * whole database in memory, so every byte per version is resident).
 *
 *   domain_blobs.md5, sha1, sha512  the digests as bytes (BLOB values; the columns keep their
 *                                   declared TEXT type, which leaves BLOB values as they are), half
 *                                   the size of hex text. Reads turn them back into hex
 *                                   (`blobDigestColumns`); the sha256 key stays hex text.
 *   blob_fact_bodies                each blob_facts text once (`internFactBody`): id = the first 48
 *                                   bits of the text's SHA-256 (the next free id on a collision),
 *                                   `uses` kept by the triggers below; a body goes with its last use.
 *   blob_facts                      now names its text by `body_id`. An npm tarball's two rows
 *                                   ('npm-install', 'npm-describe') become one of kind 'npm' whose
 *                                   text is both JSON objects joined by a newline (JSON text never
 *                                   holds a raw newline).
 *
 * No foreign key on body_id: enforcing it would need an index on it to delete a body.
 */
const compactBlobRows = `
UPDATE domain_blobs SET md5 = unhex(md5), sha1 = unhex(sha1), sha512 = unhex(sha512)
  WHERE typeof(md5) = 'text';

CREATE TABLE blob_fact_bodies (
  id INTEGER PRIMARY KEY,
  body TEXT NOT NULL,
  uses INTEGER NOT NULL
);

ALTER TABLE blob_facts RENAME TO blob_facts_text;
CREATE TABLE blob_facts (
  domain_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  body_id INTEGER NOT NULL,
  PRIMARY KEY (domain_id, sha256, kind),
  FOREIGN KEY (domain_id, sha256) REFERENCES domain_blobs (domain_id, sha256) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TRIGGER blob_facts_body_used AFTER INSERT ON blob_facts BEGIN
  UPDATE blob_fact_bodies SET uses = uses + 1 WHERE id = NEW.body_id;
END;
CREATE TRIGGER blob_facts_body_released AFTER DELETE ON blob_facts BEGIN
  UPDATE blob_fact_bodies SET uses = uses - 1 WHERE id = OLD.body_id;
  DELETE FROM blob_fact_bodies WHERE id = OLD.body_id AND uses <= 0;
END;
`;

/** Every row of blob_facts_text as it becomes (an npm tarball's two rows merged into one). */
const mergedFacts = `
  SELECT f.domain_id, f.sha256, 'npm' AS kind, f.body || char(10) || COALESCE(d.body, '{}') AS body
    FROM blob_facts_text f
    LEFT JOIN blob_facts_text d ON d.domain_id = f.domain_id AND d.sha256 = f.sha256 AND d.kind = 'npm-describe'
   WHERE f.kind = 'npm-install'
  UNION ALL
  SELECT domain_id, sha256, kind, body FROM blob_facts_text WHERE kind NOT IN ('npm-install', 'npm-describe')`;

/**
 * Moves the texts of blob_facts_text into blob_fact_bodies: each distinct text is added once, then
 * the rows are inserted in one statement (so the journal records each text once, not once per blob).
 */
function moveFactBodies(db: Db): void {
  for (const { body } of db.all<{ body: string }>(`SELECT DISTINCT body FROM (${mergedFacts})`))
    internPlainFactBody(db, body);
  db.run(
    `INSERT INTO blob_facts (domain_id, sha256, kind, body_id)
     SELECT m.domain_id, m.sha256, m.kind, b.id FROM (${mergedFacts}) m JOIN blob_fact_bodies b ON b.body = m.body`,
  );
  db.run('DROP TABLE blob_facts_text');
}

/**
 * 15 packed-fact-texts: blob_fact_bodies keeps a text either plain (`body`) or packed (`packed`: its
 * delta from the plain text of row `base_id`; see engine/assets/blob-fact-bodies.ts and text-delta.ts),
 * so the package.json fields of a package's versions, which differ in a few fields each, cost tens
 * of bytes per version instead of hundreds.
 *
 *   blob_fact_bodies     rebuilt with `body` nullable and `packed`, `base_id`; `uses` now also counts
 *                        the bodies packed against a row, so a base stays while any does.
 *   blob_fact_families   each package's current base per kind of fact (`factFamily`); forgotten
 *                        when its base goes.
 *
 * The update packs every stored text against its package's base, in version order (the oldest
 * version's text becomes the base).
 */
const packedFactTexts = `
DROP TRIGGER blob_facts_body_used;
DROP TRIGGER blob_facts_body_released;
ALTER TABLE blob_fact_bodies RENAME TO blob_fact_bodies_plain;
CREATE TABLE blob_fact_bodies (
  id INTEGER PRIMARY KEY,
  body TEXT,
  packed BLOB,
  base_id INTEGER,
  uses INTEGER NOT NULL
);
INSERT INTO blob_fact_bodies (id, body, uses) SELECT id, body, uses FROM blob_fact_bodies_plain;
DROP TABLE blob_fact_bodies_plain;

CREATE TABLE blob_fact_families (
  family TEXT PRIMARY KEY,
  base_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX blob_fact_families_base ON blob_fact_families (base_id);

CREATE TRIGGER blob_facts_body_used AFTER INSERT ON blob_facts BEGIN
  UPDATE blob_fact_bodies SET uses = uses + 1 WHERE id = NEW.body_id;
END;
CREATE TRIGGER blob_facts_body_released AFTER DELETE ON blob_facts BEGIN
  UPDATE blob_fact_bodies SET uses = uses - 1 WHERE id = OLD.body_id;
  DELETE FROM blob_fact_bodies WHERE id = OLD.body_id AND uses <= 0;
END;
CREATE TRIGGER blob_fact_bodies_base_used AFTER INSERT ON blob_fact_bodies WHEN NEW.base_id IS NOT NULL BEGIN
  UPDATE blob_fact_bodies SET uses = uses + 1 WHERE id = NEW.base_id;
END;
CREATE TRIGGER blob_fact_bodies_released AFTER DELETE ON blob_fact_bodies BEGIN
  DELETE FROM blob_fact_families WHERE base_id = OLD.id;
  UPDATE blob_fact_bodies SET uses = uses - 1 WHERE id = OLD.base_id;
  DELETE FROM blob_fact_bodies WHERE id = OLD.base_id AND uses <= 0;
  DELETE FROM blob_fact_families WHERE base_id = OLD.base_id
    AND NOT EXISTS (SELECT 1 FROM blob_fact_bodies WHERE id = OLD.base_id);
END;
`;

/** Packs each stored fact text against its package's base, oldest version first. */
function packFactBodies(db: Db): void {
  const rows = db.all<{
    body_id: number;
    kind: string;
    format: PackageFormat;
    namespace: string;
    name: string;
  }>(
    `SELECT f.body_id, f.kind, p.format, p.namespace, p.name
       FROM packages p
       JOIN package_versions v ON v.package_id = p.id
       JOIN package_version_assets a ON a.version_id = v.id
       JOIN blob_facts f ON f.domain_id = a.domain_id AND f.sha256 = a.sha256
      ORDER BY p.id, f.kind, v.sort_key, v.version`,
  );
  const done = new Set<number>();
  for (const row of rows) {
    if (done.has(row.body_id)) continue;
    done.add(row.body_id);
    packStoredBody(db, row.body_id, factFamily(row.kind, row));
  }
}

/**
 * 16 version-descriptions: a version's descriptive fields (display_name, summary, home_page,
 * source_code_repository, licenses) move off its row into `version_descriptions`, one row per
 * distinct combination (engine/packages/version-descriptions.ts): the versions of a package almost
 * always share them, so each version row carries `description_id` instead of the texts (about 120
 * bytes less per version of a typical npm package). id = the first 48 bits of the fields' SHA-256
 * (the next free id on a collision); `uses` kept by the triggers below; a row goes with its last
 * use. A version whose five fields are all NULL has no description (description_id NULL).
 * trash_versions keeps the texts, so a trashed version restores exactly.
 *
 * The update interns every distinct combination, then names it on the versions in one statement
 * (through a temporary index over the texts, dropped with the columns).
 */
const versionDescriptions = `
CREATE TABLE version_descriptions (
  id INTEGER PRIMARY KEY,
  display_name TEXT,
  summary TEXT,
  home_page TEXT,
  source_code_repository TEXT,
  licenses TEXT,
  uses INTEGER NOT NULL
);
ALTER TABLE package_versions ADD COLUMN description_id INTEGER;

CREATE TRIGGER version_description_used AFTER INSERT ON package_versions
WHEN NEW.description_id IS NOT NULL BEGIN
  UPDATE version_descriptions SET uses = uses + 1 WHERE id = NEW.description_id;
END;
CREATE TRIGGER version_description_changed AFTER UPDATE OF description_id ON package_versions
WHEN OLD.description_id IS NOT NEW.description_id BEGIN
  UPDATE version_descriptions SET uses = uses + 1 WHERE id = NEW.description_id;
  UPDATE version_descriptions SET uses = uses - 1 WHERE id = OLD.description_id;
  DELETE FROM version_descriptions WHERE id = OLD.description_id AND uses <= 0;
END;
CREATE TRIGGER version_description_released AFTER DELETE ON package_versions
WHEN OLD.description_id IS NOT NULL BEGIN
  UPDATE version_descriptions SET uses = uses - 1 WHERE id = OLD.description_id;
  DELETE FROM version_descriptions WHERE id = OLD.description_id AND uses <= 0;
END;
`;

const descriptionFieldNames = [
  'display_name',
  'summary',
  'home_page',
  'source_code_repository',
  'licenses',
] as const;

/** Moves each version's descriptive texts into version_descriptions, then drops the columns. */
function moveVersionDescriptions(db: Db): void {
  const fields = descriptionFieldNames.join(', ');
  for (const row of db.all<DescriptionFields>(`SELECT DISTINCT ${fields} FROM package_versions`))
    internDescription(db, row);
  db.run(`CREATE INDEX version_descriptions_migrating ON version_descriptions (${fields})`);
  const same = descriptionFieldNames.map((name) => `d.${name} IS package_versions.${name}`).join(' AND ');
  db.run(
    `UPDATE package_versions SET description_id = (SELECT d.id FROM version_descriptions d WHERE ${same})`,
  );
  db.run('DROP INDEX version_descriptions_migrating');
  for (const name of descriptionFieldNames) db.run(`ALTER TABLE package_versions DROP COLUMN ${name}`);
}

/**
 * 17 dependency-lists: a version's direct dependencies move from one `package_version_dependencies`
 * row per dependency into `dependency_lists`, one row per distinct ordered list
 * (engine/packages/dependency-lists.ts, which encodes and decodes `entries`): the versions of a
 * package mostly repeat one list, so each version row names it by `dependency_list_id` (NULL for
 * none) instead of carrying a row per dependency (about 140 bytes less per version of a typical npm
 * package). id = the first 48 bits of the text's SHA-256 (the next free id on a collision); `uses`
 * kept by the triggers below; a row goes with its last use. trash_versions keeps its own copy of
 * the list, as before.
 *
 * The update reads the old rows a page of versions at a time, interns each distinct list, and names
 * it on its versions in one statement per list and page (the version ids as one bound JSON array),
 * so the journal records each list once per page.
 */
const dependencyLists = `
CREATE TABLE dependency_lists (
  id INTEGER PRIMARY KEY,
  entries TEXT NOT NULL,
  uses INTEGER NOT NULL
);
ALTER TABLE package_versions ADD COLUMN dependency_list_id INTEGER;

CREATE TRIGGER dependency_list_used AFTER INSERT ON package_versions
WHEN NEW.dependency_list_id IS NOT NULL BEGIN
  UPDATE dependency_lists SET uses = uses + 1 WHERE id = NEW.dependency_list_id;
END;
CREATE TRIGGER dependency_list_changed AFTER UPDATE OF dependency_list_id ON package_versions
WHEN OLD.dependency_list_id IS NOT NEW.dependency_list_id BEGIN
  UPDATE dependency_lists SET uses = uses + 1 WHERE id = NEW.dependency_list_id;
  UPDATE dependency_lists SET uses = uses - 1 WHERE id = OLD.dependency_list_id;
  DELETE FROM dependency_lists WHERE id = OLD.dependency_list_id AND uses <= 0;
END;
CREATE TRIGGER dependency_list_released AFTER DELETE ON package_versions
WHEN OLD.dependency_list_id IS NOT NULL BEGIN
  UPDATE dependency_lists SET uses = uses - 1 WHERE id = OLD.dependency_list_id;
  DELETE FROM dependency_lists WHERE id = OLD.dependency_list_id AND uses <= 0;
END;
`;

/** Versions whose dependency rows one step of `moveDependencyLists` reads. */
const dependencyPage = 5000;

/** Moves each version's dependency rows into a shared list, then drops the old table. */
function moveDependencyLists(db: Db): void {
  for (let after = 0; ;) {
    const last = db.get<{ id: number | null }>(
      `SELECT MAX(version_id) AS id FROM (SELECT DISTINCT version_id FROM package_version_dependencies
        WHERE version_id > ? ORDER BY version_id LIMIT ${dependencyPage})`,
      [after],
    )?.id;
    if (last === null || last === undefined) break;
    const rows = db.all<DependencyEntryRow>(
      `SELECT version_id, namespace, package, dependency_type, version_requirement
         FROM package_version_dependencies WHERE version_id > ? AND version_id <= ?
        ORDER BY version_id, position`,
      [after, last],
    );
    const lists = new Map<number, DependencyEntry[]>();
    for (const row of rows) {
      const list = lists.get(row.version_id) ?? [];
      list.push({
        ...(row.namespace !== null ? { namespace: row.namespace } : {}),
        package: row.package,
        ...(row.dependency_type !== null ? { dependencyType: row.dependency_type } : {}),
        ...(row.version_requirement !== null ? { versionRequirement: row.version_requirement } : {}),
      });
      lists.set(row.version_id, list);
    }
    const versionsOf = new Map<string, number[]>();
    for (const [versionId, list] of lists) {
      const text = encodeDependencyList(list);
      const versions = versionsOf.get(text) ?? [];
      versions.push(versionId);
      versionsOf.set(text, versions);
    }
    for (const [text, versions] of versionsOf)
      db.run(
        'UPDATE package_versions SET dependency_list_id = ? WHERE id IN (SELECT value FROM json_each(?))',
        [internEncodedDependencyList(db, text), JSON.stringify(versions)],
      );
    after = last;
  }
  db.run('DROP TABLE package_version_dependencies');
}

interface DependencyEntryRow {
  readonly version_id: number;
  readonly namespace: string | null;
  readonly package: string;
  readonly dependency_type: string | null;
  readonly version_requirement: string | null;
}

/** The tables that name a blob by (domain_id, sha256); migration 18 keeps every such key as bytes. */
const blobKeyTables = [
  'domain_blobs',
  'package_version_assets',
  'blob_facts',
  'blob_damage',
  'trash_version_assets',
  'trash_held_blobs',
] as const;

/**
 * 18 blob-keys-as-bytes: the SHA-256 that names a blob is kept as its 32 bytes instead of 64 hex
 * characters in every table that holds it (blobKeyTables): half the size in each row and in each
 * index over it, about 128 bytes less per version. The columns keep their declared TEXT type (which
 * leaves BLOB values as they are, as migration 14 did for md5, sha1, sha512); triggers refuse any
 * insert or update of a key that is not 32 bytes, so a write still binding hex text fails instead of
 * storing a key nothing would find. SQL converts at the edge: a hex digest is bound as `unhex(?)` and
 * read back as `lower(hex(sha256))` (engine/assets/blob-keys.ts).
 *
 * The keys are rewritten in place (no trigger fires on these updates); the foreign keys between the
 * tables are checked at the commit, when parent and child keys agree again.
 */
const blobKeysAsBytes = `
PRAGMA defer_foreign_keys = ON;
${blobKeyTables.map((table) => `UPDATE ${table} SET sha256 = unhex(sha256) WHERE typeof(sha256) = 'text';`).join('\n')}
${blobKeyTables
  .flatMap((table) =>
    ['INSERT', 'UPDATE OF sha256'].map(
      (
        event,
      ) => `CREATE TRIGGER ${table}_key_bytes_${event === 'INSERT' ? 'insert' : 'update'} BEFORE ${event} ON ${table}
WHEN typeof(NEW.sha256) <> 'blob' OR length(NEW.sha256) <> 32 BEGIN
  SELECT RAISE(ABORT, '${table}.sha256 must be the 32 bytes of a SHA-256 (bind a hex digest as unhex(?))');
END;`,
    ),
  )
  .join('\n')}
`;

/**
 * Rewrites the stored sort keys of one format's versions after its version order changed (Maven's
 * keys now follow ComparableVersion's nested lists); each new key is a bound value, so the journal
 * replays it exactly.
 */
function recomputeSortKeys(format: PackageFormat): (db: Db) => void {
  return (db) => {
    const rows = db.all<{ id: number; version: string }>(
      `SELECT package_versions.id AS id, package_versions.version AS version
         FROM package_versions JOIN packages ON packages.id = package_versions.package_id
        WHERE packages.format = ?`,
      [format],
    );
    for (const row of rows) {
      db.run('UPDATE package_versions SET sort_key = ? WHERE id = ?', [
        versionSortKey(format, row.version),
        row.id,
      ]);
    }
  };
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'packages', sql: packages },
  { version: 3, name: 'package-group-origins', sql: packageGroupOrigins },
  { version: 4, name: 'version-deprecation', sql: versionDeprecation },
  { version: 5, name: 'scale-counters', sql: scaleCounters },
  { version: 6, name: 'external-documents', sql: externalDocuments },
  { version: 7, name: 'blob-damage', sql: blobDamage },
  { version: 8, name: 'maven-sort-keys', sql: '', update: recomputeSortKeys('maven') },
  { version: 9, name: 'mirror-jobs', sql: mirrorJobs },
  { version: 10, name: 'activity', sql: activity },
  { version: 11, name: 'external-document-users', sql: externalDocumentUsers },
  { version: 12, name: 'version-readmes', sql: versionReadmes },
  { version: 13, name: 'version-trash', sql: versionTrash },
  { version: 14, name: 'compact-blob-rows', sql: compactBlobRows, update: moveFactBodies },
  { version: 15, name: 'packed-fact-texts', sql: packedFactTexts, update: packFactBodies },
  { version: 16, name: 'version-descriptions', sql: versionDescriptions, update: moveVersionDescriptions },
  { version: 17, name: 'dependency-lists', sql: dependencyLists, update: moveDependencyLists },
  { version: 18, name: 'blob-keys-as-bytes', sql: blobKeysAsBytes },
];
