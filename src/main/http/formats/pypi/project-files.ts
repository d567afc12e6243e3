/**
 * The files a client of a repository sees for a project: every Published version through the
 * repository's upstreams, each with its stored files (read in pages, see storedFiles), plus the files an external
 * `public:pypi` connection in the search order offers and that are not stored yet. Those are listed
 * with links to this endpoint and fetched on first download; when the upstream cannot be reached,
 * only what is stored is listed.
 */
import type { FormatRequest } from '../format-request';
import type { Db } from '../../../store/types';
import { factTextColumns, readFactText, type StoredFactText } from '../../../engine/assets/blob-fact-bodies';
import { blobKeyHex } from '../../../engine/assets/blob-keys';
import { externalIngestTargets } from '../../../engine/external/external-ingest-target';
import { readDependencyList } from '../../../engine/packages/dependency-lists';
import { findPackage, type StoredVersionStatus } from '../../../engine/packages/package-records';
import { servableStatuses } from '../../../engine/upstreams/resolve-package-version';
import { searchOrder } from '../../../engine/upstreams/search-order';
import { sortVersionsByKey, versionSortKey } from '../../../engine/package-versions/version-order';
import { UpstreamUnreachableError } from '../../../external/fetch-upstream';
import { notCachedMessage } from '../../../external/not-cached';
import { documentUser } from '../external-document-user';
import type { SimpleFile, SimpleProject } from './simple-pages';
import { requiresPythonDependency } from './upload-metadata';
import { fetchUpstreamProject } from './upstream-index';
import { coreMetadataFact, hasMetadataFile } from './core-metadata';

export function packageRequest(request: FormatRequest, project: string) {
  return {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'pypi',
    package: project,
  };
}

/** Path-absolute download link of a file (no host, so the index's credentials apply to it). */
export function fileUrl(request: FormatRequest, project: string, version: string, filename: string): string {
  return fileUrls(request, project)(version, filename);
}

/** The download links of one project's files (the endpoint's path worked out once, for long lists). */
function fileUrls(request: FormatRequest, project: string): (version: string, filename: string) => string {
  const prefix = `${new URL(request.endpoint).pathname}files/${encodeURIComponent(project)}/`;
  return (version, filename) => `${prefix}${encodeURIComponent(version)}/${encodeURIComponent(filename)}`;
}

export interface ProjectListing {
  readonly project?: SimpleProject;
  /** Why the external connection contributed nothing, when it failed. */
  readonly upstreamProblem?: { readonly status: number; readonly message: string };
}

/** One file row of a stored version, as the page query reads it. */
interface StoredFileLine {
  readonly version: string;
  readonly sort_key: string;
  readonly status: string;
  readonly name: string | null;
  readonly sha256: string | null;
  readonly created_time: number | null;
  readonly size: number | null;
  readonly dependency_list_id: number | null;
  /** The version's Requires-Python, read from its dependency list right after the query. */
  requires_python: string | null;
  /** The wheel's METADATA digest, read from the fact text columns right after the query. */
  metadata_sha256: string | null;
}

/** Versions per query (and per turn of the event loop). */
const pageSize = 1000;

const pageQuery = `WITH page AS (
    SELECT id, version, sort_key, status, dependency_list_id FROM package_versions
    WHERE package_id = ? AND (sort_key, version) > (?, ?) ORDER BY sort_key, version LIMIT ${pageSize})
  SELECT p.version, p.sort_key, p.status, a.name, ${blobKeyHex('a.sha256')}, a.created_time, b.size, ${factTextColumns('fb')},
    p.dependency_list_id
  FROM page p
  LEFT JOIN package_version_assets a ON a.version_id = p.id
  LEFT JOIN domain_blobs b ON b.domain_id = a.domain_id AND b.sha256 = a.sha256
  LEFT JOIN blob_facts f ON a.name LIKE '%.whl' AND f.domain_id = a.domain_id AND f.sha256 = a.sha256
    AND f.kind = '${coreMetadataFact}'
  LEFT JOIN blob_fact_bodies fb ON fb.id = f.body_id
  ORDER BY p.sort_key, p.version, a.name`;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What the search order stores of a project: its listed files and every version it holds. */
interface StoredFiles {
  /** Whether some repository of the search order has the package. */
  readonly found: boolean;
  readonly files: SimpleFile[];
  /** Versions with a listed file, with their sort keys. */
  readonly versions: Map<string, string>;
  /** Every version the search order holds in a status that hides the upstream's copy. */
  readonly held: Set<string>;
}

/**
 * The stored files of a project through the repository's search order, each version taken from the
 * first repository that has it (the requesting repository in any status, upstreams only Published
 * or Unlisted ones); only Published versions list their files. A few queries per page of versions
 * and per repository searched, whatever the number of versions, and no archive is opened: file
 * names, digests, sizes, Requires-Python and the digest of a wheel's METADATA were stored when the
 * files arrived.
 */
async function storedFiles(request: FormatRequest, project: string): Promise<StoredFiles> {
  const { ctx } = request;
  // The versions of a project mostly share a few dependency lists: each is read once.
  const requiresPythonOfList = new Map<number, string | null>();
  const requiresPythonOf = (db: Db, listId: number | null): string | null => {
    if (listId === null) return null;
    let found = requiresPythonOfList.get(listId);
    if (found === undefined) {
      found =
        readDependencyList(db, listId).find(
          (dependency) =>
            dependency.package === requiresPythonDependency.package &&
            dependency.dependency_type === requiresPythonDependency.dependencyType,
        )?.version_requirement ?? null;
      requiresPythonOfList.set(listId, found);
    }
    return found;
  };
  const coordinates = { format: 'pypi' as const, namespace: '', name: project };
  const steps = ctx.store.read((db) =>
    searchOrder(db, request.repository, coordinates).flatMap((step) => {
      const pkg = findPackage(db, step.repository.id, coordinates);
      return pkg ? [{ packageId: pkg.id, local: step.via.length === 0 }] : [];
    }),
  );
  const files: SimpleFile[] = [];
  const versions = new Map<string, string>();
  const held = new Set<string>();
  const urlOf = fileUrls(request, project);
  for (const step of steps) {
    // Versions an earlier repository of the search order claimed hide this one's.
    const claimedBefore = new Set(held);
    let after: [string, string] = ['', ''];
    for (;;) {
      const lines = ctx.store.read((db) => {
        const rows = db.all<StoredFileLine & StoredFactText>(pageQuery, [step.packageId, after[0], after[1]]);
        // Set on the rows themselves: a copy of each of a long page's rows costs more than the read.
        for (const row of rows) {
          row.metadata_sha256 = row.fact_body ?? readFactText(db, row);
          row.requires_python =
            row.status === 'Published' ? requiresPythonOf(db, row.dependency_list_id) : null;
        }
        return rows;
      });
      let count = 0;
      let previous: string | undefined;
      for (const line of lines) {
        if (line.version !== previous) {
          count++;
          previous = line.version;
          after = [line.sort_key, line.version];
        }
        if (claimedBefore.has(line.version)) continue;
        if (!step.local && !servableStatuses.has(line.status as StoredVersionStatus)) continue;
        held.add(line.version);
        if (line.status !== 'Published' || line.name === null || line.sha256 === null) continue;
        versions.set(line.version, line.sort_key);
        files.push({
          filename: line.name,
          url: urlOf(line.version, line.name),
          sha256: line.sha256,
          size: line.size ?? undefined,
          requiresPython: line.requires_python ?? undefined,
          uploadTime: line.created_time === null ? undefined : new Date(line.created_time),
          metadataSha256: line.metadata_sha256 ?? undefined,
        });
      }
      if (count < pageSize) break;
      await yieldToEventLoop();
    }
  }
  return { found: steps.length > 0, files, versions, held };
}

/**
 * Made on the first page built, not when the module loads: a collator loads the ICU collation data,
 * about 3 MiB of resident memory a service that never serves a PyPI page does not need.
 */
let byName: Intl.Collator | undefined;

export async function projectListing(request: FormatRequest, project: string): Promise<ProjectListing> {
  const { ctx } = request;
  const pkgRequest = packageRequest(request, project);
  const stored = await storedFiles(request, project);
  const { files, versions } = stored;
  const known = new Set<string>(files.map((file) => file.filename));
  // Versions a repository holds in any status are never taken again from outside (an Archived one stays hidden).
  const hidden = stored.held;
  let upstreamProblem: ProjectListing['upstreamProblem'];
  for (const target of externalIngestTargets(ctx, pkgRequest)) {
    const indexUrl = await request.externalUpstream(target.connection);
    if (!indexUrl) continue;
    try {
      const user = documentUser(request, target);
      for (const file of await fetchUpstreamProject(
        ctx.store,
        user,
        request.upstreamPolicy,
        indexUrl,
        project,
      )) {
        if (known.has(file.filename)) continue;
        if (hidden.has(file.version) && !versions.has(file.version)) continue;
        known.add(file.filename);
        if (!versions.has(file.version)) versions.set(file.version, versionSortKey('pypi', file.version));
        files.push({
          filename: file.filename,
          url: fileUrl(request, project, file.version, file.filename),
          sha256: file.sha256,
          requiresPython: file.requiresPython,
          metadataSha256: hasMetadataFile(file.filename) ? file.metadataSha256 : undefined,
        });
      }
    } catch (error) {
      // Unreachable: a 404 pip reports at once; an upstream that answered badly: a 502.
      upstreamProblem = {
        status: error instanceof UpstreamUnreachableError ? 404 : 502,
        message:
          notCachedMessage(`Project '${project}'`, indexUrl, error) ??
          `Project '${project}' could not be read from the upstream ${indexUrl} (${(error as Error).message})`,
      };
    }
    break;
  }
  if (!stored.found && files.length === 0) return { upstreamProblem };
  const sortedVersions = sortVersionsByKey(versions);
  const collator = (byName ??= new Intl.Collator());
  files.sort((a, b) => collator.compare(a.filename, b.filename));
  return { project: { name: project, files, versions: sortedVersions }, upstreamProblem };
}
