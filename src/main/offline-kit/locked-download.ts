/**
 * One locked artifact of a Cargo.lock or Gemfile.lock: the repository's index entry of the package
 * is read first, and when it gives the locked version a SHA-256 other than the lockfile's the entry
 * is a mismatch and nothing is downloaded, so nothing the lockfile does not expect is stored. Else
 * the file is downloaded through the endpoint (which fetches and stores it through the upstreams)
 * and its SHA-256 compared with the lockfile's again.
 */
import type { KitEntry } from '../../shared/offline-kit';
import { missingEntry } from './kit-work';
import type { OwnEndpoint } from './own-endpoint';

export interface LockedArtifact {
  readonly name: string;
  /** The version as the report shows it (with a gem's platform). */
  readonly version: string;
  /** The file's name, as the report shows it. */
  readonly file: string;
  /** Where the endpoint serves the file. */
  readonly path: string;
  /** The lockfile's SHA-256 of the file (lower-case hex), when it gives one. */
  readonly sha256?: string;
  /** The package's index file on the endpoint and how to find the version's SHA-256 in it. */
  readonly index: { readonly path: string; readonly sha256Of: (text: string) => string | undefined };
  /** Whether the repository held the version before the kit asked. */
  readonly held: boolean;
}

function mismatch(item: LockedArtifact, detail: string, files: string[] = []): KitEntry {
  return { name: item.name, version: item.version, outcome: 'mismatch', files, verified: false, detail };
}

export async function fetchLocked(endpoint: OwnEndpoint, item: LockedArtifact): Promise<KitEntry> {
  const index = await endpoint.get(item.index.path, { keepText: true });
  if (index.status !== 200 || index.text === undefined)
    return missingEntry(item.name, item.version, `the index of ${item.name}`, index);
  const listed = item.index.sha256Of(index.text);
  if (item.sha256 !== undefined && listed !== undefined && listed !== item.sha256)
    return mismatch(
      item,
      `the repository's ${item.file} has SHA-256 ${listed}, the lockfile ${item.sha256}; not downloaded`,
    );
  const answer = await endpoint.get(item.path);
  if (answer.status !== 200) return missingEntry(item.name, item.version, item.file, answer);
  if (item.sha256 !== undefined && answer.sha256 !== item.sha256)
    return mismatch(item, `${item.file} does not match the lockfile's SHA-256 ${item.sha256}`, [item.file]);
  return {
    name: item.name,
    version: item.version,
    outcome: item.held ? 'cached' : 'fetched',
    files: [item.file],
    verified: item.sha256 !== undefined,
  };
}
