/**
 * The files a client of a repository sees for a project: every Published version through the
 * repository's upstreams (engine listing), each with its stored files, plus the files an external
 * `public:pypi` connection in the search order offers and that are not stored yet. Those are listed
 * with links to this endpoint and fetched on first download; when the upstream cannot be reached,
 * only what is stored is listed.
 */
import type { FormatRequest } from '../format-request';
import { listPackageVersionsThroughUpstreams } from '../../../engine/upstreams/versions-through-upstreams';
import { externalIngestTargets } from '../../../engine/external/external-ingest-target';
import { findRepository } from '../../../engine/lookups';
import {
  findPackage,
  findVersion,
  listAssets,
  listDependencies,
} from '../../../engine/packages/package-records';
import { compareSortKeys, versionSortKey } from '../../../engine/package-versions/version-order';
import { UpstreamUnreachableError } from '../../../external/fetch-upstream';
import { notCachedMessage } from '../../../external/not-cached';
import { documentUser } from '../external-document-user';
import type { SimpleFile, SimpleProject } from './simple-pages';
import { requiresPythonDependency } from './upload-metadata';
import { fetchUpstreamProject } from './upstream-index';

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
  const base = new URL(request.endpoint).pathname;
  return `${base}files/${encodeURIComponent(project)}/${encodeURIComponent(version)}/${encodeURIComponent(filename)}`;
}

export interface ProjectListing {
  readonly project?: SimpleProject;
  /** Why the external connection contributed nothing, when it failed. */
  readonly upstreamProblem?: { readonly status: number; readonly message: string };
}

export async function projectListing(request: FormatRequest, project: string): Promise<ProjectListing> {
  const { ctx } = request;
  const pkgRequest = packageRequest(request, project);
  const listed = listPackageVersionsThroughUpstreams(ctx, pkgRequest);
  const files: SimpleFile[] = [];
  const versions = new Set<string>();
  const known = new Set<string>();
  if (listed) {
    ctx.store.read((db) => {
      for (const entry of listed.versions) {
        if (entry.status !== 'Published') continue;
        const holder = findRepository(db, request.domain, entry.repository);
        const pkg = holder && findPackage(db, holder.id, { format: 'pypi', namespace: '', name: project });
        const row = pkg && findVersion(db, pkg.id, entry.version);
        if (!row) continue;
        const requiresPython = listDependencies(db, row.id).find(
          (dependency) =>
            dependency.package === requiresPythonDependency.package &&
            dependency.dependency_type === requiresPythonDependency.dependencyType,
        )?.version_requirement;
        const assets = listAssets(db, row.id);
        if (assets.length > 0) versions.add(row.version);
        for (const asset of assets) {
          known.add(asset.name);
          files.push({
            filename: asset.name,
            url: fileUrl(request, project, row.version, asset.name),
            sha256: asset.sha256,
            size: asset.size,
            requiresPython: requiresPython ?? undefined,
            uploadTime: new Date(asset.created_time),
          });
        }
      }
    });
  }
  // Versions a repository holds in any status are never taken again from outside (an Archived one stays hidden).
  const hidden = new Set<string>(listed?.versions.map((entry) => entry.version) ?? []);
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
        versions.add(file.version);
        files.push({
          filename: file.filename,
          url: fileUrl(request, project, file.version, file.filename),
          sha256: file.sha256,
          requiresPython: file.requiresPython,
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
  if (!listed && files.length === 0) return { upstreamProblem };
  const sortedVersions = [...versions].sort((a, b) =>
    compareSortKeys(versionSortKey('pypi', a), versionSortKey('pypi', b)),
  );
  files.sort((a, b) => a.filename.localeCompare(b.filename));
  return { project: { name: project, files, versions: sortedVersions }, upstreamProblem };
}
