/**
 * The specs indexes older RubyGems and Bundler resolve from, and that `gem sources --add` checks:
 * `specs.4.8.gz` (every Published non-prerelease version), `latest_specs.4.8.gz` (the newest
 * non-prerelease version of each gem and platform) and `prerelease_specs.4.8.gz` (only prerelease
 * versions), each a list of `[name, Gem::Version, platform]`. The versions are the ones the
 * compact index's `versions` file lists: the gems the repository serves through its upstreams,
 * then the gems an external connection's (cached) `versions` file names that none of them holds.
 */
import { listPackageVersionsThroughUpstreams } from '../../../engine';
import type { FormatRequest } from '../format-request';
import { repositoryPackage } from '../format-paths';
import { packagesThroughUpstreams } from '../packages-through-upstreams';
import { compareSortKeys, versionSortKey } from '../../../engine/package-versions/version-order';
import { byVersion, listedGems } from './compact-index';
import { isGemName, packageVersionOf, splitPackageVersion } from './gem-spec';
import { externalVersionLines } from './ruby-external';
import type { SpecsEntry } from './gemspec-marshal';

export type SpecsIndexKind = 'specs' | 'latest_specs' | 'prerelease_specs';

/** RubyGems counts a version with a letter in it as a prerelease. */
export function isPrerelease(version: string): boolean {
  return /[a-zA-Z]/.test(version);
}

/**
 * The entries of a compact index `versions` file's gem lines (`name 1.0,1.1-java md5`); a later
 * line for the same gem adds versions, and a `-version` takes a yanked one away.
 */
export function versionsFileEntries(lines: readonly string[]): SpecsEntry[] {
  const byGem = new Map<string, Set<string>>();
  for (const line of lines) {
    const [name = '', versions = ''] = line.trim().split(' ');
    if (!isGemName(name)) continue;
    const held = byGem.get(name) ?? new Set<string>();
    byGem.set(name, held);
    for (const token of versions.split(',').filter((part) => part !== '')) {
      if (token.startsWith('-')) held.delete(token.slice(1));
      else held.add(token);
    }
  }
  const entries: SpecsEntry[] = [];
  for (const [name, versions] of byGem)
    for (const packageVersion of versions) {
      const split = splitPackageVersion(packageVersion);
      if (split) entries.push({ name, version: split.version, platform: split.platform });
    }
  return entries;
}

/** The entries one index lists out of all of them. */
export function specsIndexEntries(kind: SpecsIndexKind, all: readonly SpecsEntry[]): SpecsEntry[] {
  if (kind === 'prerelease_specs') return all.filter((entry) => isPrerelease(entry.version));
  const released = all.filter((entry) => !isPrerelease(entry.version));
  if (kind === 'specs') return released;
  const latest = new Map<string, SpecsEntry>();
  for (const entry of released) {
    const key = `${entry.name}\0${entry.platform}`;
    const held = latest.get(key);
    if (
      !held ||
      compareSortKeys(versionSortKey('ruby', entry.version), versionSortKey('ruby', held.version)) > 0
    )
      latest.set(key, entry);
  }
  return [...latest.values()];
}

/** The external connections' versions that no repository of the search order holds. */
async function externalSpecsEntries(request: FormatRequest, local: readonly string[]): Promise<SpecsEntry[]> {
  const localNames = new Set(local);
  const held = new Map<string, Set<string>>();
  const heldVersions = (name: string): Set<string> => {
    let versions = held.get(name);
    if (!versions) {
      const listing = listPackageVersionsThroughUpstreams(
        request.ctx,
        repositoryPackage(request, 'ruby', name),
      );
      versions = new Set(listing?.versions.map((version) => version.version) ?? []);
      held.set(name, versions);
    }
    return versions;
  };
  return versionsFileEntries(await externalVersionLines(request, new Set())).filter(
    (entry) => !localNames.has(entry.name) || !heldVersions(entry.name).has(packageVersionOf(entry)),
  );
}

/** Every version the specs indexes choose from: the repository's, then its external connections'. */
export async function allSpecsEntries(request: FormatRequest): Promise<SpecsEntry[]> {
  const names = packagesThroughUpstreams(request, 'ruby');
  const local = names.flatMap((name) =>
    byVersion(listedGems(request, name) ?? []).map(({ spec }) => ({
      name: spec.name,
      version: spec.version,
      platform: spec.platform,
    })),
  );
  return [...local, ...(await externalSpecsEntries(request, names))];
}
