/**
 * The plan (dry run) of a mirror: both sides read through the API and compared. A version is
 * `only-local`, `only-remote`, `same` (the same assets by name and SHA-256, and the same revision or
 * a revision pair recorded by an earlier pull or push) or `conflicting` (other assets, or the same
 * assets at revisions that changed on one side since: a status or metadata change). Repositories,
 * upstreams and external connections missing on either side are listed too.
 */
import type {
  MirrorPlan,
  MirrorScope,
  Presence,
  RepositoryPlan,
  VersionComparison,
  VersionPlan,
} from '../../shared/mirror';
import { readInventory, versionKey, type Inventory, type VersionInfo } from './inventory';
import type { Side } from './inventory';

/** Whether a (local, remote) revision pair was recorded as matching by an earlier pull or push. */
export type RevisionsMatch = (local: VersionInfo, remote: VersionInfo) => boolean;

export interface ComparedSides {
  readonly plan: MirrorPlan;
  readonly local: Inventory;
  readonly remote: Inventory;
}

function missingFrom(from: readonly string[], other: readonly string[]): string[] {
  return from.filter((name) => !other.includes(name));
}

function assetDifference(local: VersionInfo, remote: VersionInfo): string | undefined {
  const localAssets = new Map(local.assets.map((a) => [a.name, a.sha256]));
  const remoteAssets = new Map(remote.assets.map((a) => [a.name, a.sha256]));
  const differing: string[] = [];
  for (const [name, sha256] of localAssets) {
    const other = remoteAssets.get(name);
    if (other === undefined) differing.push(`'${name}' only here`);
    else if (other !== sha256) differing.push(`'${name}' has other content`);
  }
  for (const name of remoteAssets.keys()) if (!localAssets.has(name)) differing.push(`'${name}' only there`);
  return differing.length === 0 ? undefined : `assets differ: ${differing.join(', ')}`;
}

function bytesOf(version: VersionInfo): number {
  return version.assets.reduce((sum, asset) => sum + asset.size, 0);
}

export function compareVersions(
  local: VersionInfo | undefined,
  remote: VersionInfo | undefined,
  revisionsMatch: RevisionsMatch,
): VersionPlan {
  const base = (remote ?? local)!;
  const ref = {
    repository: base.repository,
    format: base.format,
    ...(base.namespace ? { namespace: base.namespace } : {}),
    package: base.package,
    version: base.version,
  };
  const sides = {
    ...(local ? { localStatus: local.status, localRevision: local.revision } : {}),
    ...(remote ? { remoteStatus: remote.status, remoteRevision: remote.revision } : {}),
  };
  if (!remote) return { ...ref, ...sides, comparison: 'only-local', bytes: bytesOf(local!) };
  if (!local) return { ...ref, ...sides, comparison: 'only-remote', bytes: bytesOf(remote) };
  const assets = assetDifference(local, remote);
  if (assets) return { ...ref, ...sides, comparison: 'conflicting', bytes: bytesOf(remote), reason: assets };
  if (local.revision === remote.revision || revisionsMatch(local, remote)) {
    return { ...ref, ...sides, comparison: 'same', bytes: bytesOf(remote) };
  }
  const reason =
    local.status === remote.status
      ? 'same assets at different revisions (metadata changed on one side)'
      : `same assets, status ${local.status} here and ${remote.status} there`;
  return { ...ref, ...sides, comparison: 'conflicting', bytes: bytesOf(remote), reason };
}

function repositoryPlans(
  local: Inventory,
  remote: Inventory,
  chosen?: ReadonlySet<string>,
): RepositoryPlan[] {
  const names = [...new Set([...local.repositories.keys(), ...remote.repositories.keys()])]
    .filter((name) => !chosen || chosen.has(name))
    .sort();
  return names.map((name) => {
    const here = local.repositories.get(name);
    const there = remote.repositories.get(name);
    const presence: Presence = here && there ? 'both' : here ? 'local-only' : 'remote-only';
    return {
      name,
      presence,
      upstreamsOnlyLocal: missingFrom(here?.upstreams ?? [], there?.upstreams ?? []),
      upstreamsOnlyRemote: missingFrom(there?.upstreams ?? [], here?.upstreams ?? []),
      externalConnectionsOnlyLocal: missingFrom(
        here?.externalConnections ?? [],
        there?.externalConnections ?? [],
      ),
      externalConnectionsOnlyRemote: missingFrom(
        there?.externalConnections ?? [],
        here?.externalConnections ?? [],
      ),
    };
  });
}

export async function planMirror(
  domain: string,
  localSide: Side,
  remoteSide: Side,
  scope: MirrorScope,
  revisionsMatch: RevisionsMatch,
): Promise<ComparedSides> {
  const chosen = scope.repositories?.length ? new Set(scope.repositories) : undefined;
  const [local, remote] = await Promise.all([
    readInventory(localSide, scope, chosen),
    readInventory(remoteSide, scope, chosen),
  ]);
  const keys = [...new Set([...local.versions.keys(), ...remote.versions.keys()])].sort();
  const versions = keys.map((key) =>
    compareVersions(local.versions.get(key), remote.versions.get(key), revisionsMatch),
  );
  const counts: Record<VersionComparison, number> = {
    'only-local': 0,
    'only-remote': 0,
    same: 0,
    conflicting: 0,
  };
  for (const version of versions) counts[version.comparison] += 1;
  return {
    plan: {
      domain,
      domainOnLocal: local.domainExists,
      domainOnRemote: remote.domainExists,
      repositories: repositoryPlans(local, remote, chosen),
      versions,
      counts,
    },
    local,
    remote,
  };
}

export { versionKey };
