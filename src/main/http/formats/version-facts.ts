/**
 * What a format recorded with its files when they arrived (blob_facts of a given kind, e.g. a Cargo
 * index entry or a gem's specification), for every version of one package in the domain, keyed by
 * repository and version: index documents are rendered from these without reopening archives.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { factTextColumns, readFactText, type StoredFactText } from '../../engine/assets/blob-fact-bodies';
import type { EngineContext } from '../../engine/context';
import type { FormatRequest } from './format-request';

export type VersionFacts = Map<string, string>;

export function versionFactKey(repository: string, version: string): string {
  return `${repository}\u0000${version}`;
}

export function versionFacts(
  request: Pick<FormatRequest, 'ctx' | 'domain'>,
  format: PackageFormat,
  name: string,
  kind: string,
  namespace = '',
): VersionFacts {
  return request.ctx.store.read((db) => {
    const rows = db.all<{ repository: string; version: string } & StoredFactText>(
      `SELECT r.name AS repository, v.version, ${factTextColumns('fb')}
         FROM repositories r
         JOIN packages p ON p.repository_id = r.id
         JOIN package_versions v ON v.package_id = p.id
         JOIN package_version_assets a ON a.version_id = v.id
         JOIN blob_facts f ON f.domain_id = a.domain_id AND f.sha256 = a.sha256 AND f.kind = ?
         JOIN blob_fact_bodies fb ON fb.id = f.body_id
        WHERE r.domain_id = ? AND p.format = ? AND p.namespace = ? AND p.name = ?`,
      [kind, request.domain.id, format, namespace, name],
    );
    return new Map(
      rows.map((row) => [versionFactKey(row.repository, row.version), readFactText(db, row) ?? '']),
    );
  });
}

/** What a format recorded with one file of a domain (blob_facts of the kind), if anything. */
export function blobFact(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  kind: string,
): string | undefined {
  return ctx.store.read((db) => {
    const row = db.get<StoredFactText>(
      `SELECT ${factTextColumns('fb')} FROM blob_facts f JOIN domains d ON d.id = f.domain_id
         JOIN blob_fact_bodies fb ON fb.id = f.body_id
        WHERE d.name = ? AND f.sha256 = unhex(?) AND f.kind = ?`,
      [domain, sha256, kind],
    );
    return (row && readFactText(db, row)) ?? undefined;
  });
}
