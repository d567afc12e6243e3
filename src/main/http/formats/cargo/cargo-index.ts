/**
 * A crate's sparse-index file: one JSON line per version the repository serves through its
 * upstreams, oldest first. Published versions are listed as they are; Unlisted ones (what `cargo
 * yank` makes) stay listed with `yanked: true`, so lock files keep working while new resolutions
 * skip them; Archived, Disposed and Unfinished versions are left out. Each line is the index entry
 * recorded with the version's crate file when it arrived (blob_facts).
 */
import { listPackageVersionsThroughUpstreams } from '../../../engine';
import type { FormatRequest } from '../format-request';
import { cargoIndexFact, storedIndexEntry, type IndexEntry } from './cargo-manifest';

/** The index entries of a crate's versions in the domain, by repository and version. */
function recordedEntries(request: FormatRequest, crate: string): Map<string, string> {
  const rows = request.ctx.store.read((db) =>
    db.all<{ repository: string; version: string; body: string }>(
      `SELECT r.name AS repository, v.version, f.body
         FROM repositories r
         JOIN packages p ON p.repository_id = r.id
         JOIN package_versions v ON v.package_id = p.id
         JOIN package_version_assets a ON a.version_id = v.id
         JOIN blob_facts f ON f.domain_id = a.domain_id AND f.sha256 = a.sha256 AND f.kind = ?
        WHERE r.domain_id = ? AND p.format = 'cargo' AND p.namespace = '' AND p.name = ?`,
      [cargoIndexFact, request.domain.id, crate.toLowerCase()],
    ),
  );
  return new Map(rows.map((row) => [`${row.repository}\u0000${row.version}`, row.body]));
}

export function indexLines(request: FormatRequest, crate: string): IndexEntry[] | undefined {
  const listing = listPackageVersionsThroughUpstreams(request.ctx, {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'cargo',
    package: crate,
  });
  if (!listing) return undefined;
  const recorded = recordedEntries(request, crate);
  const lines: IndexEntry[] = [];
  for (const version of listing.versions) {
    if (version.status !== 'Published' && version.status !== 'Unlisted') continue;
    const entry = storedIndexEntry(recorded.get(`${version.repository}\u0000${version.version}`));
    if (!entry) continue;
    lines.push({ ...entry, yanked: version.status === 'Unlisted' });
  }
  return lines;
}

export function renderIndexFile(lines: readonly IndexEntry[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
