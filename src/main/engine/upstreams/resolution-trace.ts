/**
 * "Why this version": how a client's request for a package version (an exact version, a range, or
 * latest) is answered by a repository, step by step. The repositories are walked in the search
 * order resolution uses (search-order.ts), and the repositories an origin control keeps out of it
 * are listed too, with the control that does; every stored record of the package is listed with
 * the verdict resolution gives it: the first repository's record of a version wins, an upstream
 * serves only Published and Unlisted versions, Unlisted ones only by exact version, a range keeps
 * what satisfies it (npm: semver; PyPI: PEP 440 specifiers), latest follows client-latest.ts. When
 * nothing stored answers, the external connection a download would fetch through is named.
 */
import type * as Pep440 from '@renovatebot/pep440';
import type semverModule from 'semver';
import type {
  ResolutionTrace,
  ResolutionTraceRequest,
  TraceCandidate,
  TraceExternalConnection,
  TraceRepository,
} from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import type { RepositoryRow } from '../lookups';
import { groupOriginRefusal } from '../package-groups/origin-restrictions';
import { namespaceOf, type PackageCoordinates } from '../packages/package-coordinates';
import { findPackage, type VersionRow } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget } from '../packages/package-target';
import { compareSortKeys } from '../package-versions/version-order';
import { deferredModule } from '../../deferred-require';
import { externalConnectionFormats } from '../repositories/external-connections';
import type { Db } from '../../store/types';
import { resolveClientLatest } from './client-latest';
import { servableStatuses } from './resolve-package-version';
import { maxRepositoriesSearched, searchOrder, upstreamsOf } from './search-order';

const semver = deferredModule<typeof semverModule>('semver');
const pep440 = deferredModule<typeof Pep440>('@renovatebot/pep440');

type Kind = ResolutionTrace['kind'];

function kindOf(format: string, requested: string | undefined): Kind {
  if (requested === undefined || requested.trim() === '' || requested === 'latest') return 'latest';
  if (format === 'npm') {
    if (semver().valid(requested)) return 'exact';
    if (semver().validRange(requested)) return 'range';
    throw new ValidationException(`'${requested}' is neither an npm version nor a semver range.`);
  }
  if (format === 'pypi') {
    if (pep440().valid(requested)) return 'exact';
    if (pep440().validRange(requested)) return 'range';
    throw new ValidationException(`'${requested}' is neither a PEP 440 version nor a version specifier.`);
  }
  return 'exact';
}

function inRange(format: string, version: string, range: string): boolean {
  return format === 'npm' ? semver().satisfies(version, range) : pep440().satisfies(version, range);
}

/** Why the search does not go past `repository` for the package, or undefined when it does. */
function stopReason(db: Db, repository: RepositoryRow, coordinates: PackageCoordinates): string | undefined {
  if (findPackage(db, repository.id, coordinates)?.upstream === 'BLOCK') {
    return `the package's origin configuration in '${repository.name}' blocks upstreams (upstream: BLOCK)`;
  }
  return groupOriginRefusal(db, { id: repository.domain_id }, repository, coordinates, 'INTERNAL_UPSTREAM');
}

function externalConnections(
  db: Db,
  repository: RepositoryRow,
  coordinates: PackageCoordinates,
  searched: boolean,
): TraceExternalConnection[] {
  const names = db
    .all<{ name: string }>(
      'SELECT name FROM repository_external_connections WHERE repository_id = ? ORDER BY name',
      [repository.id],
    )
    .map((row) => row.name)
    .filter((name) => externalConnectionFormats[name] === coordinates.format);
  return names.map((name) => {
    const pkg = findPackage(db, repository.id, coordinates);
    const reason = !searched
      ? 'the repository is not searched'
      : pkg?.upstream === 'BLOCK'
        ? `the package's origin configuration in '${repository.name}' blocks upstreams (upstream: BLOCK)`
        : groupOriginRefusal(db, { id: repository.domain_id }, repository, coordinates, 'EXTERNAL_UPSTREAM');
    return { name, allowed: reason === undefined, ...(reason !== undefined ? { reason } : {}) };
  });
}

interface Walked {
  readonly repository: RepositoryRow;
  readonly via: readonly RepositoryRow[];
  readonly blockedBy?: string;
}

/** The search order, then the repositories origin controls keep out of it (with the reason). */
function walk(db: Db, start: RepositoryRow, coordinates: PackageCoordinates): Walked[] {
  const searched: Walked[] = searchOrder(db, start, coordinates);
  const seen = new Set(searched.map((step) => step.repository.id));
  const blocked: Walked[] = [];
  const visit = (repository: RepositoryRow, via: readonly RepositoryRow[], blockedBy: string): void => {
    if (seen.has(repository.id) || searched.length + blocked.length >= maxRepositoriesSearched) return;
    seen.add(repository.id);
    blocked.push({ repository, via, blockedBy });
    for (const upstream of upstreamsOf(db, repository.id)) visit(upstream, [...via, repository], blockedBy);
  };
  for (const step of searched) {
    const reason = stopReason(db, step.repository, coordinates);
    if (reason === undefined) continue;
    for (const upstream of upstreamsOf(db, step.repository.id))
      visit(upstream, [...step.via, step.repository], reason);
  }
  return [...searched, ...blocked];
}

interface Verdict {
  readonly candidate: TraceCandidate;
  readonly sortKey: string;
}

function statusVerdict(row: VersionRow, local: boolean, kind: Kind): { eligible: boolean; reason: string } {
  if (row.status === 'Published') return { eligible: true, reason: 'Published' };
  if (row.status === 'Unlisted') {
    return kind === 'exact'
      ? { eligible: true, reason: 'Unlisted: served when asked for by its exact version' }
      : {
          eligible: false,
          reason:
            'Unlisted: not listed, so a range or latest never picks it (only its exact version downloads)',
        };
  }
  return local
    ? {
        eligible: false,
        reason: `status ${row.status}: not downloadable (only Published and Unlisted versions are served)`,
      }
    : {
        eligible: false,
        reason: `status ${row.status}: an upstream serves only Published and Unlisted versions`,
      };
}

export function traceResolution(ctx: EngineContext, request: ResolutionTraceRequest): ResolutionTrace {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const requested = request.version?.trim() ?? '';
  const kind = kindOf(coordinates.format, requested);
  const trace = ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const steps = walk(db, repository, coordinates);
    const repositories: TraceRepository[] = [];
    const verdicts: Verdict[] = [];
    const claimed = new Map<string, string>();
    for (const step of steps) {
      const searched = step.blockedBy === undefined;
      const pkg = findPackage(db, step.repository.id, coordinates);
      const stop = searched ? stopReason(db, step.repository, coordinates) : undefined;
      repositories.push({
        repository: step.repository.name,
        via: step.via.map((holder) => holder.name),
        searched,
        ...(step.blockedBy !== undefined ? { blockedBy: step.blockedBy } : {}),
        ...(pkg ? { restrictions: { publish: pkg.publish, upstream: pkg.upstream } } : {}),
        ...(stop !== undefined ? { stopsHere: stop } : {}),
        externalConnections: externalConnections(db, step.repository, coordinates, searched),
      });
      if (!pkg) continue;
      const rows = db.all<VersionRow>('SELECT * FROM package_versions WHERE package_id = ?', [pkg.id]);
      const local = step.via.length === 0;
      for (const row of rows) {
        if (kind === 'exact' && row.version !== requested) continue;
        const base = {
          version: row.version,
          repository: step.repository.name,
          status: row.status,
          originType: row.origin_type,
        };
        let eligible = false;
        let reason: string;
        const first = claimed.get(row.version);
        if (!searched) {
          reason = `not reached: ${step.blockedBy ?? ''}`;
        } else if (first !== undefined) {
          reason = `shadowed: the record in '${first}' comes first in the search order`;
        } else {
          const verdict = statusVerdict(row, local, kind);
          if (local || servableStatuses.has(row.status)) claimed.set(row.version, step.repository.name);
          eligible = verdict.eligible;
          reason = verdict.reason;
          if (eligible && kind === 'range' && !inRange(coordinates.format, row.version, requested)) {
            eligible = false;
            reason = `outside the range ${requested}`;
          }
        }
        verdicts.push({ candidate: { ...base, eligible, reason }, sortKey: row.sort_key });
      }
    }
    return { repositories, verdicts, repository };
  });
  let chosen: Verdict | undefined;
  let why = '';
  const eligible = trace.verdicts.filter((verdict) => verdict.candidate.eligible);
  if (kind === 'exact') {
    chosen = eligible[0];
    why = 'the version asked for';
  } else if (kind === 'range') {
    chosen = [...eligible].sort((a, b) => compareSortKeys(b.sortKey, a.sortKey))[0];
    why = `the highest version that satisfies ${requested}`;
  } else {
    const latest = resolveClientLatest(ctx, request).latest;
    chosen = eligible.find((verdict) => verdict.candidate.version === latest);
    why = `what ${coordinates.format}'s client takes as latest (the latest tag when it names a listed version, else the highest listed release)`;
  }
  const candidates = trace.verdicts.map((verdict) =>
    verdict === chosen
      ? { ...verdict.candidate, reason: `${verdict.candidate.reason}; chosen: ${why}` }
      : verdict.candidate,
  );
  const base = {
    format: coordinates.format,
    ...(namespaceOf(coordinates) !== undefined ? { namespace: namespaceOf(coordinates) } : {}),
    package: coordinates.name,
    repository: trace.repository.name,
    requested: kind === 'latest' ? 'latest' : requested,
    kind,
    repositories: trace.repositories,
    candidates,
  };
  if (chosen) {
    const holder = chosen.candidate.repository;
    const step = trace.repositories.find((entry) => entry.repository === holder);
    const local = holder === trace.repository.name;
    const explanation = local
      ? `stored in '${holder}' itself: served from the local store`
      : `found in upstream '${holder}' (via ${[trace.repository.name, ...(step?.via.slice(1) ?? [])].join(' → ')}); a download keeps a copy in ${[trace.repository.name, ...(step?.via.slice(1) ?? [])].map((name) => `'${name}'`).join(', ')}`;
    return {
      ...base,
      answer: {
        version: chosen.candidate.version,
        repository: holder,
        source: local ? 'cache' : 'upstream',
        explanation,
      },
      summary: `${chosen.candidate.version} from '${holder}': ${why}; ${explanation}.`,
    };
  }
  const external = trace.repositories
    .filter((entry) => entry.searched)
    .flatMap((entry) =>
      entry.externalConnections
        .filter((connection) => connection.allowed)
        .map((connection) => ({ connection: connection.name, repository: entry.repository })),
    )[0];
  const nothing =
    kind === 'exact'
      ? `${requested} is not stored in any repository a client of '${trace.repository.name}' reaches`
      : `no stored version a client of '${trace.repository.name}' reaches satisfies ${base.requested}`;
  return {
    ...base,
    ...(external ? { external } : {}),
    summary: external
      ? `${nothing}; a download would fetch it from ${external.connection} through '${external.repository}' if the upstream has it.`
      : `${nothing}, and no external connection may bring it in.`,
  };
}
