/**
 * The NuGet v3 documents: the service index (`v3/index.json`) naming the resources, the flat
 * container's version list (`v3/package/{id}/index.json`) and the registration index and leaves
 * (`v3/registration/{id}/…`). Versions are those the repository serves through its upstreams: the
 * flat container lists Published ones (what restore picks from); registrations also carry Unlisted
 * ones as `listed: false`, as NuGet shows an unlisted package; Archived, Disposed and Unfinished
 * versions appear nowhere.
 */
import { listPackageVersionsThroughUpstreams } from '../../../engine';
import type { FormatRequest } from '../format-request';
import { repositoryPackage } from '../format-paths';
import { versionFactKey, versionFacts } from '../version-facts';
import { compareSortKeys, versionSortKey } from '../../../engine/package-versions/version-order';
import { nuspecFact } from './nuget-push';
import type { Nuspec } from './nuspec';

export interface NugetVersion {
  readonly version: string;
  readonly listed: boolean;
  readonly published: Date;
  readonly nuspec: Nuspec;
  readonly nuspecXml: string;
}

export function serviceIndex(endpoint: string): unknown {
  const resource = (path: string, type: string, comment: string) => ({
    '@id': `${endpoint}${path}`,
    '@type': type,
    comment,
  });
  return {
    version: '3.0.0',
    resources: [
      resource('v3/package/', 'PackageBaseAddress/3.0.0', 'Package contents (flat container)'),
      ...[
        'RegistrationsBaseUrl',
        'RegistrationsBaseUrl/3.0.0-beta',
        'RegistrationsBaseUrl/3.0.0-rc',
        'RegistrationsBaseUrl/3.4.0',
        'RegistrationsBaseUrl/3.6.0',
      ].map((type) => resource('v3/registration/', type, 'Package metadata (registrations)')),
      resource('v2/package/', 'PackagePublish/2.0.0', 'Push and unlist packages'),
    ],
  };
}

/** The versions of a package the repository serves, oldest first, with their nuspecs. */
export function nugetVersions(request: FormatRequest, id: string): NugetVersion[] | undefined {
  const listing = listPackageVersionsThroughUpstreams(request.ctx, repositoryPackage(request, 'nuget', id));
  if (!listing) return undefined;
  const facts = versionFacts(request, 'nuget', listing.package, nuspecFact);
  const versions: NugetVersion[] = [];
  for (const entry of listing.versions) {
    if (entry.status !== 'Published' && entry.status !== 'Unlisted') continue;
    const fact = facts.get(versionFactKey(entry.repository, entry.version));
    if (!fact) continue;
    try {
      const { nuspec, nuspecXml } = JSON.parse(fact) as { nuspec: Nuspec; nuspecXml: string };
      versions.push({
        version: entry.version,
        listed: entry.status === 'Published',
        published: entry.publishedTime,
        nuspec,
        nuspecXml,
      });
    } catch {
      // A fact that does not parse is not served.
    }
  }
  return versions;
}

/** The flat container's versions: the listed ones, lower-case. */
export function flatContainerIndex(versions: readonly NugetVersion[]): string[] {
  return versions.filter((entry) => entry.listed).map((entry) => entry.version.toLowerCase());
}

/** Versions in NuGet's order, oldest first, as the flat container lists them. */
export function byNugetVersion(versions: string[]): string[] {
  return versions.sort((a, b) => compareSortKeys(versionSortKey('nuget', a), versionSortKey('nuget', b)));
}

function contentUrl(endpoint: string, id: string, version: string): string {
  const lower = version.toLowerCase();
  return `${endpoint}v3/package/${id}/${lower}/${id}.${lower}.nupkg`;
}

function leaf(endpoint: string, id: string, entry: NugetVersion): Record<string, unknown> {
  const { nuspec } = entry;
  const leafUrl = `${endpoint}v3/registration/${id}/${entry.version.toLowerCase()}.json`;
  return {
    '@id': leafUrl,
    '@type': 'Package',
    catalogEntry: {
      '@id': leafUrl,
      '@type': 'PackageDetails',
      id: nuspec.id,
      version: entry.version,
      authors: nuspec.authors ?? '',
      description: nuspec.description ?? '',
      summary: nuspec.summary ?? '',
      title: nuspec.title ?? '',
      tags: nuspec.tags,
      projectUrl: nuspec.projectUrl ?? '',
      licenseExpression: nuspec.licenseExpression ?? '',
      licenseUrl: nuspec.licenseUrl ?? '',
      listed: entry.listed,
      published: entry.listed ? entry.published.toISOString() : '1900-01-01T00:00:00Z',
      packageContent: contentUrl(endpoint, id, entry.version),
      dependencyGroups: nuspec.dependencyGroups.map((group) => ({
        ...(group.targetFramework ? { targetFramework: group.targetFramework } : {}),
        dependencies: group.dependencies.map((dependency) => ({
          id: dependency.id,
          range: dependency.range ?? '(, )',
        })),
      })),
    },
    packageContent: contentUrl(endpoint, id, entry.version),
    registration: `${endpoint}v3/registration/${id}/index.json`,
  };
}

export function registrationIndex(endpoint: string, id: string, versions: readonly NugetVersion[]): unknown {
  const index = `${endpoint}v3/registration/${id}/index.json`;
  return {
    '@id': index,
    count: 1,
    items: [
      {
        '@id': `${index}#page/${versions[0]?.version ?? ''}/${versions[versions.length - 1]?.version ?? ''}`,
        count: versions.length,
        lower: versions[0]?.version,
        upper: versions[versions.length - 1]?.version,
        items: versions.map((entry) => leaf(endpoint, id, entry)),
      },
    ],
  };
}

export function registrationLeaf(endpoint: string, id: string, entry: NugetVersion): unknown {
  const document = leaf(endpoint, id, entry);
  return {
    ...document,
    listed: entry.listed,
    catalogEntry: (document.catalogEntry as { '@id': string })['@id'],
  };
}
