/**
 * A crate's sparse-index file: one JSON line per version the repository serves through its
 * upstreams, oldest first. Published versions are listed as they are; Unlisted ones (what `cargo
 * yank` makes) stay listed with `yanked: true`, so lock files keep working while new resolutions
 * skip them; Archived, Disposed and Unfinished versions are left out. Each line is the index entry
 * recorded with the version's crate file when it arrived (blob_facts).
 */
import { listPackageVersionsThroughUpstreams } from '../../../engine';
import type { FormatRequest } from '../format-request';
import { repositoryPackage } from '../format-paths';
import { versionFactKey, versionFacts } from '../version-facts';
import { cargoIndexFact, storedIndexEntry, type IndexEntry } from './cargo-manifest';

export function indexLines(request: FormatRequest, crate: string): IndexEntry[] | undefined {
  const listing = listPackageVersionsThroughUpstreams(
    request.ctx,
    repositoryPackage(request, 'cargo', crate),
  );
  if (!listing) return undefined;
  const recorded = versionFacts(request, 'cargo', crate.toLowerCase(), cargoIndexFact);
  const lines: IndexEntry[] = [];
  for (const version of listing.versions) {
    if (version.status !== 'Published' && version.status !== 'Unlisted') continue;
    const entry = storedIndexEntry(recorded.get(versionFactKey(version.repository, version.version)));
    if (!entry) continue;
    lines.push({ ...entry, yanked: version.status === 'Unlisted' });
  }
  return lines;
}

export function renderIndexFile(lines: readonly IndexEntry[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
