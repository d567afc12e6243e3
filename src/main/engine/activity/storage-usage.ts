/**
 * Where a domain's bytes are: the domain's own counter (each file once, kept by triggers on
 * domain_blobs), and what each repository, each format and the largest packages reference (a file
 * two repositories share counts for both). One store read.
 */
import type { StorageUsage, StorageUsageRequest } from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';

const largestPackages = 10;

export function readStorageUsage(ctx: EngineContext, request: StorageUsageRequest): StorageUsage {
  const domainName = requireMember(request.domain, 'domain');
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, domainOwnerOf(ctx, undefined));
    const counter = db.get<{ bytes: number }>('SELECT asset_size_bytes AS bytes FROM domains WHERE id = ?', [
      domain.id,
    ]);
    // Each (repository, package, file) once: two versions sharing a file count it once.
    const files = `SELECT DISTINCT p.repository_id AS repository_id, p.id AS package_id, p.format AS format,
                          a.sha256 AS sha256
                     FROM packages p
                     JOIN package_versions v ON v.package_id = p.id
                     JOIN package_version_assets a ON a.version_id = v.id
                     JOIN repositories r ON r.id = p.repository_id
                    WHERE r.domain_id = ?`;
    const repositories = db.all<{ repository: string; bytes: number; versions: number }>(
      `SELECT r.name AS repository,
              COALESCE((SELECT SUM(b.size) FROM (SELECT DISTINCT f.sha256 FROM (${files}) f
                         WHERE f.repository_id = r.id) s
                         JOIN domain_blobs b ON b.domain_id = ? AND b.sha256 = s.sha256), 0) AS bytes,
              (SELECT COUNT(*) FROM packages p JOIN package_versions v ON v.package_id = p.id
                WHERE p.repository_id = r.id) AS versions
         FROM repositories r WHERE r.domain_id = ? ORDER BY bytes DESC, r.name`,
      [domain.id, domain.id, domain.id],
    );
    const formats = db.all<{ format: string; bytes: number }>(
      `SELECT s.format AS format, SUM(b.size) AS bytes
         FROM (SELECT DISTINCT f.format, f.sha256 FROM (${files}) f) s
         JOIN domain_blobs b ON b.domain_id = ? AND b.sha256 = s.sha256
        GROUP BY s.format ORDER BY bytes DESC, s.format`,
      [domain.id, domain.id],
    );
    const packages = db
      .all<{ repository: string; format: string; namespace: string; package: string; bytes: number }>(
        `SELECT r.name AS repository, p.format AS format, p.namespace AS namespace, p.name AS package,
                SUM(b.size) AS bytes
           FROM (${files}) f
           JOIN packages p ON p.id = f.package_id
           JOIN repositories r ON r.id = f.repository_id
           JOIN domain_blobs b ON b.domain_id = ? AND b.sha256 = f.sha256
          GROUP BY f.package_id ORDER BY bytes DESC, p.name LIMIT ?`,
        [domain.id, domain.id, largestPackages],
      )
      .map(({ namespace, ...row }) => (namespace === '' ? row : { ...row, namespace }));
    return { domainBytes: counter?.bytes ?? 0, repositories, formats, packages };
  });
}
