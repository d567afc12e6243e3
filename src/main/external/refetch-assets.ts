/**
 * Repair by re-fetching: a blob whose stored file is damaged or missing is fetched again from the
 * upstream of an external connection that one of its assets came through, checked against the
 * SHA-256 the blob is named by, and put in place of the bad file. Where the upstream's copy lives
 * is asked the way the format's clients ask it: npm's packument (`dist.tarball`), the PyPI simple
 * page, Maven's layout under the repository URL. A blob that only local publishes use cannot be
 * re-fetched: it stays marked and is reported, never dropped.
 */
import type { BlobRepairOutcome, EngineContext } from '../engine/context';
import { clearBlobDamage } from '../engine/assets/blob-damage';
import { BlobDigestMismatchError } from '../store';
import { escapedName, parseNpmName } from '../http/formats/npm/npm-names';
import { upstreamFile } from '../http/formats/pypi/upstream-index';
import { resolveUpstreamLink } from './fetch-upstream';
import {
  fetchUpstreamFile,
  upstreamDocument,
  type DocumentUser,
  type UpstreamPolicy,
} from './upstream-documents';

export interface RepairOutcome extends BlobRepairOutcome {
  readonly domain: string;
  readonly sha256: string;
}

export interface RefetchDeps {
  /** The upstream URL of an external connection (ending in `/`), if it has one. */
  upstream(connection: string): Promise<string | undefined>;
  readonly policy: UpstreamPolicy;
}

interface ExternalSource {
  readonly domain: string;
  readonly domainOwner: string;
  readonly repository: string;
  readonly connection: string;
  readonly format: string;
  readonly namespace: string;
  readonly package: string;
  readonly version: string;
  readonly asset: string;
}

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Where the upstream keeps the file of `source`, or undefined when it does not list it. */
async function locate(ctx: EngineContext, policy: UpstreamPolicy, base: string, source: ExternalSource) {
  const user: DocumentUser = {
    domain: source.domain,
    domainOwner: source.domainOwner,
    repository: source.repository,
    connection: source.connection,
  };
  switch (source.format) {
    case 'npm': {
      const name = parseNpmName(source.namespace ? `@${source.namespace}/${source.package}` : source.package);
      if (!name) return undefined;
      const document = await upstreamDocument(ctx.store, `${base}${escapedName(name)}`, {
        user,
        headers: { Accept: 'application/json' },
        policy,
      });
      if (document.status === 404) return undefined;
      const dist = object(
        object(object(object(JSON.parse(document.body))?.versions)?.[source.version])?.dist,
      );
      return typeof dist?.tarball === 'string' ? resolveUpstreamLink(dist.tarball, base) : undefined;
    }
    case 'pypi':
      return (await upstreamFile(ctx.store, user, policy, base, source.package, source.asset))?.url;
    case 'maven':
      return `${base}${source.namespace.replaceAll('.', '/')}/${source.package}/${source.version}/${source.asset}`;
    default:
      return undefined;
  }
}

function externalSources(ctx: EngineContext, domain: string, sha256: string): ExternalSource[] {
  return ctx.store.read((db) =>
    db.all<ExternalSource>(
      `SELECT d.name AS domain, d.owner AS domainOwner, r.name AS repository,
              v.origin_external_connection AS connection, p.format, p.namespace, p.name AS package,
              v.version, a.name AS asset
       FROM domains d CROSS JOIN package_version_assets a ON a.domain_id = d.id
       JOIN package_versions v ON v.id = a.version_id
       JOIN packages p ON p.id = v.package_id JOIN repositories r ON r.id = p.repository_id
       WHERE d.name = ? AND a.sha256 = unhex(?) AND v.origin_type = 'EXTERNAL'
         AND v.origin_external_connection IS NOT NULL
       ORDER BY p.format, p.name, v.version`,
      [domain, sha256],
    ),
  );
}

/** Whether a version using the blob came through an external connection, so it may be re-fetched. */
export function canRefetch(ctx: EngineContext, domain: string, sha256: string): boolean {
  return externalSources(ctx, domain, sha256).length > 0;
}

/** Re-fetches one damaged or missing blob; reports what happened, never throws for an upstream's failure. */
export async function refetchBlob(
  ctx: EngineContext,
  deps: RefetchDeps,
  domain: string,
  sha256: string,
): Promise<RepairOutcome> {
  const sources = externalSources(ctx, domain, sha256);
  if (sources.length === 0) {
    return {
      domain,
      sha256,
      repaired: false,
      fromUpstream: false,
      detail:
        'published here, not fetched from an upstream: nothing can re-fetch it; restore it from a backup',
    };
  }
  const tried: string[] = [];
  for (const source of sources) {
    const label = `${source.connection} (${source.package}@${source.version}/${source.asset})`;
    const base = await deps.upstream(source.connection);
    if (!base) {
      tried.push(`${label}: the connection has no upstream URL`);
      continue;
    }
    try {
      const url = await locate(ctx, deps.policy, base, source);
      if (!url) {
        tried.push(`${label}: the upstream does not list it`);
        continue;
      }
      const response = await fetchUpstreamFile(url, deps.policy);
      if (response.status === 404) {
        response.body.resume();
        tried.push(`${label}: ${url} answered 404`);
        continue;
      }
      await ctx.store.blobs.put(domain, response.body, { expectedSha256: sha256, replace: true });
      ctx.store.write((db) => {
        const row = db.get<{ id: number }>('SELECT id FROM domains WHERE name = ?', [domain]);
        if (row) clearBlobDamage(db, row.id, sha256);
      });
      await ctx.store.flush();
      return { domain, sha256, repaired: true, fromUpstream: true, detail: `re-fetched from ${url}` };
    } catch (error) {
      tried.push(
        `${label}: ${
          error instanceof BlobDigestMismatchError
            ? `the upstream's file hashes to ${error.actualSha256}, not the recorded digest`
            : (error as Error).message
        }`,
      );
    }
  }
  return {
    domain,
    sha256,
    repaired: false,
    fromUpstream: true,
    detail: `not re-fetched: ${tried.join('; ')}`,
  };
}

/**
 * One repairer per running store: a blob that several downloads (or a download and a verify job)
 * find damaged at once is fetched once, and each of them waits for that one fetch.
 */
export function createBlobRepairer(
  ctx: EngineContext,
  deps: RefetchDeps,
): (domain: string, sha256: string) => Promise<RepairOutcome> {
  const running = new Map<string, Promise<RepairOutcome>>();
  return (domain, sha256) => {
    const key = `${domain}/${sha256}`;
    let repair = running.get(key);
    if (!repair) {
      repair = refetchBlob(ctx, deps, domain, sha256).finally(() => running.delete(key));
      running.set(key, repair);
    }
    return repair;
  };
}

/**
 * Repairs what a verify found: every damaged or missing blob is re-fetched where an upstream holds
 * it; the others stay marked and are reported with the reason. Orphaned files are left to the sweep.
 */
export async function repairFindings(
  repair: (domain: string, sha256: string) => Promise<RepairOutcome>,
  findings: readonly { readonly domain: string; readonly sha256: string; readonly kind: string }[],
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<RepairOutcome[]> {
  const damaged = findings.filter((finding) => finding.kind === 'damaged' || finding.kind === 'missing');
  const outcomes: RepairOutcome[] = [];
  for (const [index, finding] of damaged.entries()) {
    onProgress(index, damaged.length);
    outcomes.push(await repair(finding.domain, finding.sha256));
  }
  onProgress(damaged.length, damaged.length);
  return outcomes;
}
