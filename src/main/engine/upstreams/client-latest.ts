/**
 * The version a package's own client would take as "latest" from a repository right now, computed
 * from what the repository lists through its upstreams (only Published versions are listed; origin
 * controls decide which upstream versions are there at all):
 * - npm: the `latest` dist-tag when it names a listed version, else the highest listed release
 *   (npm picks the highest version when the tag is missing), else the highest listed pre-release;
 * - pypi: the highest listed final release (pip skips pre-releases unless asked), else the highest;
 * - maven: maven-metadata's `<release>`, the highest listed non-SNAPSHOT version, else `<latest>`;
 * - every other format: the highest listed version in the format's order.
 * What counts as a pre-release is each ecosystem's rule (package-versions/pre-release).
 * Dist-tags that name a version clients cannot see are reported with that version's status, so the
 * UI can warn about them.
 */
import type { ClientLatest, HiddenTag } from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import type { PackageRequest } from '../packages/package-target';
import {
  listPackageVersionsThroughUpstreams,
  type VersionThroughUpstreams,
} from './versions-through-upstreams';
import { isPreRelease } from '../package-versions/pre-release';

const listedStatus = 'Published';

/** The highest entry of an oldest-first list that `accept` takes. */
function highest(
  versions: readonly VersionThroughUpstreams[],
  accept: (entry: VersionThroughUpstreams) => boolean,
): string | undefined {
  for (let index = versions.length - 1; index >= 0; index -= 1) {
    const entry = versions[index];
    if (entry && accept(entry)) return entry.version;
  }
  return undefined;
}

export function resolveClientLatest(ctx: EngineContext, request: PackageRequest): ClientLatest {
  const through = listPackageVersionsThroughUpstreams(ctx, request);
  if (!through) return { listedCount: 0, hiddenTags: [] };
  const listed = through.versions.filter((entry) => entry.status === listedStatus);
  const statusOf = new Map(through.versions.map((entry) => [entry.version, entry.status]));
  const hiddenTags: HiddenTag[] = [];
  for (const [tag, version] of Object.entries(through.distTags)) {
    const status = statusOf.get(version);
    if (status && status !== listedStatus) hiddenTags.push({ tag, version, status });
  }
  const tagged = through.distTags.latest;
  const fromTag = tagged !== undefined && statusOf.get(tagged) === listedStatus ? tagged : undefined;
  const latest =
    fromTag ??
    highest(listed, (entry) => !isPreRelease(through.format, entry.version)) ??
    highest(listed, () => true);
  return { ...(latest !== undefined ? { latest } : {}), listedCount: listed.length, hiddenTags };
}
