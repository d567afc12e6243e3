/**
 * What one side holds of a domain, read through the CodeArtifact API (the same calls on both sides):
 * the repositories with their upstreams and external connections, and every version of the chosen
 * repositories and package prefixes with its status, revision and assets (name, SHA-256, size).
 */
import type { AssetSummary, PackageFormat, PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import type { MirrorScope } from '../../shared/mirror';
import { isNotFound, type CallApi } from './remote-api';

export interface RepositoryInfo {
  readonly name: string;
  readonly description?: string;
  readonly upstreams: readonly string[];
  readonly externalConnections: readonly string[];
}

export interface AssetInfo {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}

export interface PackageRef {
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
}

export interface VersionRef extends PackageRef {
  readonly version: string;
}

export interface VersionInfo extends VersionRef {
  readonly status: PackageVersionStatus;
  readonly revision: string;
  readonly assets: readonly AssetInfo[];
}

export interface Inventory {
  /** Undefined when the domain does not exist on this side. */
  readonly domainExists: boolean;
  readonly repositories: ReadonlyMap<string, RepositoryInfo>;
  readonly versions: ReadonlyMap<string, VersionInfo>;
}

export interface Side {
  readonly call: CallApi;
  readonly domain: string;
  readonly domainOwner?: string;
}

/** One key per version across both sides. */
export function versionKey(ref: VersionRef): string {
  return [ref.repository, ref.format, ref.namespace ?? '', ref.package, ref.version].join('\u0000');
}

async function pages<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next?: string }>) {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...page.items);
    token = page.next;
  } while (token);
  return all;
}

function owner(side: Side) {
  return side.domainOwner ? { domainOwner: side.domainOwner } : {};
}

export async function listRepositories(side: Side): Promise<RepositoryInfo[] | undefined> {
  try {
    await side.call('DescribeDomain', { domain: side.domain, ...owner(side) });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const summaries = await pages(async (nextToken) => {
    const out = await side.call('ListRepositoriesInDomain', {
      domain: side.domain,
      ...owner(side),
      ...(nextToken ? { nextToken } : {}),
    });
    return { items: out.repositories ?? [], next: out.nextToken };
  });
  const repositories: RepositoryInfo[] = [];
  for (const summary of summaries) {
    if (!summary.name) continue;
    const { repository } = await side.call('DescribeRepository', {
      domain: side.domain,
      ...owner(side),
      repository: summary.name,
    });
    repositories.push({
      name: summary.name,
      ...(repository?.description ? { description: repository.description } : {}),
      upstreams: (repository?.upstreams ?? []).flatMap((u) => (u.repositoryName ? [u.repositoryName] : [])),
      externalConnections: (repository?.externalConnections ?? []).flatMap((c) =>
        c.externalConnectionName ? [c.externalConnectionName] : [],
      ),
    });
  }
  return repositories;
}

export async function listPackages(side: Side, repository: string, prefixes: readonly string[]) {
  const found = new Map<string, PackageRef>();
  for (const prefix of prefixes.length > 0 ? prefixes : [undefined]) {
    const packages = await pages(async (nextToken) => {
      const out = await side.call('ListPackages', {
        domain: side.domain,
        ...owner(side),
        repository,
        ...(prefix ? { packagePrefix: prefix } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      return { items: out.packages ?? [], next: out.nextToken };
    });
    for (const p of packages) {
      if (!p.format || !p.package) continue;
      const ref: PackageRef = {
        repository,
        format: p.format,
        ...(p.namespace ? { namespace: p.namespace } : {}),
        package: p.package,
      };
      found.set([ref.format, ref.namespace ?? '', ref.package].join('\u0000'), ref);
    }
  }
  return [...found.values()];
}

/** The domain, repository and package members of a request about `ref` on `side`. */
export function packageInput(side: Side, ref: PackageRef) {
  return {
    domain: side.domain,
    ...owner(side),
    repository: ref.repository,
    format: ref.format,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    package: ref.package,
  };
}

function assetsOf(assets: readonly AssetSummary[] | undefined): AssetInfo[] {
  return (assets ?? []).map((asset) => ({
    name: asset.name ?? '',
    sha256: asset.hashes?.['SHA-256'] ?? '',
    size: asset.size ?? 0,
  }));
}

/** The same plus the version. */
export function versionInput(side: Side, ref: VersionRef) {
  return { ...packageInput(side, ref), packageVersion: ref.version };
}

export async function describeVersion(side: Side, ref: VersionRef): Promise<VersionInfo | undefined> {
  let out;
  try {
    out = await side.call('ListPackageVersionAssets', {
      ...packageInput(side, ref),
      packageVersion: ref.version,
      maxResults: 1000,
    });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const { packageVersion } = await side.call('DescribePackageVersion', {
    ...packageInput(side, ref),
    packageVersion: ref.version,
  });
  return {
    ...ref,
    status: packageVersion?.status ?? 'Published',
    revision: packageVersion?.revision ?? out.versionRevision ?? '',
    assets: assetsOf(out.assets),
  };
}

async function listVersions(side: Side, ref: PackageRef): Promise<VersionInfo[]> {
  const summaries = await pages(async (nextToken) => {
    const out = await side.call('ListPackageVersions', {
      ...packageInput(side, ref),
      ...(nextToken ? { nextToken } : {}),
    });
    return { items: out.versions ?? [], next: out.nextToken };
  });
  const versions: VersionInfo[] = [];
  for (const summary of summaries) {
    if (!summary.version) continue;
    const out = await side.call('ListPackageVersionAssets', {
      ...packageInput(side, ref),
      packageVersion: summary.version,
      maxResults: 1000,
    });
    versions.push({
      ...ref,
      version: summary.version,
      status: summary.status ?? 'Published',
      revision: summary.revision ?? out.versionRevision ?? '',
      assets: assetsOf(out.assets),
    });
  }
  return versions;
}

/** Reads one side: its repositories, and the versions of `repositories` that it has. */
export async function readInventory(
  side: Side,
  scope: MirrorScope,
  repositories: ReadonlySet<string> | undefined,
): Promise<Inventory> {
  const listed = await listRepositories(side);
  if (!listed) return { domainExists: false, repositories: new Map(), versions: new Map() };
  const byName = new Map(listed.map((r) => [r.name, r]));
  const versions = new Map<string, VersionInfo>();
  for (const repository of listed) {
    if (repositories && !repositories.has(repository.name)) continue;
    for (const ref of await listPackages(side, repository.name, scope.packagePrefixes ?? [])) {
      for (const version of await listVersions(side, ref)) versions.set(versionKey(version), version);
    }
  }
  return { domainExists: true, repositories: byName, versions };
}
