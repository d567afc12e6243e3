/**
 * The compact index Bundler and RubyGems resolve from: `names` (one gem a line), `versions` (each gem
 * with its versions and the MD5 of its info file) and `info/{gem}` (a line per version: runtime
 * dependencies, then the `.gem`'s SHA-256 and the Ruby and RubyGems requirements). Gems and versions
 * are those the repository serves through its upstreams; only Published versions are listed
 * (Unlisted ones, what `gem yank` makes, still download by exact file name).
 */
import { createHash } from 'node:crypto';
import { listPackageVersionsThroughUpstreams } from '../../../engine';
import type { FormatRequest } from '../format-request';
import { repositoryPackage } from '../format-paths';
import { packagesThroughUpstreams } from '../packages-through-upstreams';
import { versionFactKey, versionFacts } from '../version-facts';
import { compareSortKeys, versionSortKey } from '../../../engine/package-versions/version-order';
import { packageVersionOf, type GemSpec, type Requirement } from './gem-spec';

/** The blob_facts kind under which a gem file's specification (JSON) is kept with it. */
export const gemSpecFact = 'ruby-gemspec';

/** What is recorded with a .gem file (blob_facts): its specification and digest. */
export function gemFileFacts(spec: GemSpec, sha256: string): Record<string, string> {
  return { [gemSpecFact]: JSON.stringify({ spec, sha256 }) };
}

export interface ListedGem {
  readonly spec: GemSpec;
  readonly sha256: string;
}

/** Orders listed versions oldest first, as info files list them. */
export function byVersion(gems: ListedGem[]): ListedGem[] {
  return gems.sort(
    (a, b) =>
      compareSortKeys(versionSortKey('ruby', a.spec.version), versionSortKey('ruby', b.spec.version)) ||
      (a.spec.platform === 'ruby' ? 0 : 1) - (b.spec.platform === 'ruby' ? 0 : 1) ||
      a.spec.platform.localeCompare(b.spec.platform),
  );
}

/** The Published versions of a gem the repository serves, oldest first, with their specifications. */
export function listedGems(request: FormatRequest, gem: string): ListedGem[] | undefined {
  const listing = listPackageVersionsThroughUpstreams(request.ctx, repositoryPackage(request, 'ruby', gem));
  if (!listing) return undefined;
  const facts = versionFacts(request, 'ruby', listing.package, gemSpecFact);
  const listed: ListedGem[] = [];
  for (const version of listing.versions) {
    if (version.status !== 'Published') continue;
    const fact = facts.get(versionFactKey(version.repository, version.version));
    if (!fact) continue;
    try {
      listed.push(JSON.parse(fact) as ListedGem);
    } catch {
      // A fact that does not parse is not listed.
    }
  }
  return listed;
}

function requirementField(requirement: Requirement): string {
  return requirement.map(([op, version]) => `${op} ${version}`).join('&');
}

function isUnrestricted(requirement: Requirement): boolean {
  return requirement.every(([op, version]) => op === '>=' && /^0(\.0)*$/.test(version));
}

export function renderInfo(gems: readonly ListedGem[]): string {
  const lines = gems.map(({ spec, sha256 }) => {
    const deps = spec.dependencies
      .filter((dep) => dep.type === 'runtime')
      .map((dep) => `${dep.name}:${requirementField(dep.requirement)}`)
      .join(',');
    const extras = [`checksum:${sha256}`];
    if (!isUnrestricted(spec.requiredRubyVersion))
      extras.push(`ruby:${requirementField(spec.requiredRubyVersion)}`);
    if (!isUnrestricted(spec.requiredRubygemsVersion))
      extras.push(`rubygems:${requirementField(spec.requiredRubygemsVersion)}`);
    return `${packageVersionOf(spec)} ${deps}|${extras.join(',')}\n`;
  });
  return `---\n${lines.join('')}`;
}

export function renderNames(request: FormatRequest): string {
  return `---\n${packagesThroughUpstreams(request, 'ruby')
    .map((name) => `${name}\n`)
    .join('')}`;
}

/** The versions file: the gems the repository serves, then `externalLines` (upstream gems it does not hold). */
export function renderVersions(
  request: FormatRequest,
  createdAt: Date,
  externalLines: readonly string[] = [],
): string {
  const lines: string[] = [];
  for (const name of packagesThroughUpstreams(request, 'ruby')) {
    const gems = byVersion(listedGems(request, name) ?? []);
    if (gems.length === 0) continue;
    const info = renderInfo(gems);
    const md5 = createHash('md5').update(info).digest('hex');
    lines.push(
      `${gems[0]?.spec.name ?? name} ${gems.map((gem) => packageVersionOf(gem.spec)).join(',')} ${md5}\n`,
    );
  }
  return `created_at: ${createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n---\n${lines.join('')}${externalLines.join('')}`;
}
