/**
 * The Swift package registry endpoint (SE-0292): `login`, publish (PUT `{scope}/{name}/{version}`,
 * multipart with `source-archive` and optional `metadata`), release lists, release metadata, source
 * archive downloads, `Package.swift` and identifier lookups by repository URL. Releases are those
 * the repository serves through its upstreams: Published ones are listed; Unlisted ones still answer
 * by exact version; Archived, Disposed and Unfinished ones do not. Errors are problem details.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { listPackageVersionsThroughUpstreams, publishFormatVersion, storeAssetBlob } from '../../../engine';
import { factTextColumns, readFactText, type StoredFactText } from '../../../engine/assets/blob-fact-bodies';
import { FormatProblem } from '../format-errors';
import { decodeSegment, repositoryPackage } from '../format-paths';
import type { FormatHandler, FormatRequest } from '../format-request';
import { readMultipartParts } from '../multipart-parts';
import { sendVersionFile } from '../send-asset';
import { sendWhole } from '../http-caching';
import { versionFactKey, versionFacts } from '../version-facts';
import {
  isSwiftName,
  isSwiftScope,
  isSwiftVersion,
  maxSourceArchiveBytes,
  readSourceArchive,
  repositoryUrlsOf,
  swiftArchiveFacts,
  swiftReleaseFact,
  versionMetadataOf,
  type SwiftRelease,
} from './swift-release';

interface Release {
  readonly version: string;
  readonly status: string;
  readonly publishedTime: Date;
  readonly release: SwiftRelease & { sha256: string };
}

function send(
  request: FormatRequest,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  const type = typeof value === 'string' ? 'text/x-swift' : 'application/json';
  sendWhole(request.req, request.res, status, type, body, {
    headers: { 'Content-Version': '1', ...headers },
  });
}

function releasesOf(request: FormatRequest, scope: string, name: string): Release[] {
  const target = { ...repositoryPackage(request, 'swift', name), namespace: scope };
  const listing = listPackageVersionsThroughUpstreams(request.ctx, target);
  if (!listing) return [];
  const facts = versionFacts(request, 'swift', listing.package, swiftReleaseFact, listing.namespace ?? '');
  const releases: Release[] = [];
  for (const entry of listing.versions) {
    if (entry.status !== 'Published' && entry.status !== 'Unlisted') continue;
    const fact = facts.get(versionFactKey(entry.repository, entry.version));
    if (!fact) continue;
    try {
      releases.push({
        version: entry.version,
        status: entry.status,
        publishedTime: entry.publishedTime,
        release: JSON.parse(fact) as Release['release'],
      });
    } catch {
      // A fact that does not parse is not served.
    }
  }
  return releases;
}

function releaseOf(request: FormatRequest, scope: string, name: string, version: string): Release {
  const found = releasesOf(request, scope, name).find((entry) => entry.version === version);
  if (!found)
    throw new FormatProblem(
      404,
      `Release ${scope}.${name} ${version} was not found in repository '${request.repository.name}'.`,
    );
  return found;
}

async function publish(request: FormatRequest, scope: string, name: string, version: string): Promise<void> {
  const parts = await readMultipartParts(request.req, maxSourceArchiveBytes);
  const archive = parts.get('source-archive');
  if (!archive) throw new FormatProblem(422, "The publish has no 'source-archive' part.");
  const release = await readSourceArchive(archive, parts.get('metadata')?.toString('utf8'));
  const stored = await storeAssetBlob(request.ctx, request.domain.name, Readable.from([archive]));
  const blob = { ...stored, facts: swiftArchiveFacts(release, stored.hashes.sha256) };
  await publishFormatVersion(request.ctx, {
    ...repositoryPackage(request, 'swift', name),
    namespace: scope,
    version,
    assets: [{ name: `${name}-${version}.zip`, blob }],
    metadata: { ...versionMetadataOf(release), displayName: `${scope}.${name}` },
  });
  send(request, 201, {}, { Location: `${request.endpoint}${scope}/${name}/${version}` });
}

function identifiers(request: FormatRequest): void {
  const url = request.query.get('url');
  if (!url) throw new FormatProblem(400, "Give the repository URL to look up as 'url'.");
  const normalised = (value: string) =>
    value
      .replace(/\.git$/, '')
      .replace(/\/$/, '')
      .toLowerCase();
  const rows = request.ctx.store.read((db) =>
    db
      .all<{ namespace: string; name: string } & StoredFactText>(
        `SELECT DISTINCT p.namespace, p.name, ${factTextColumns('fb')} FROM packages p
           JOIN package_versions v ON v.package_id = p.id AND v.status = 'Published'
           JOIN package_version_assets a ON a.version_id = v.id
           JOIN blob_facts f ON f.domain_id = a.domain_id AND f.sha256 = a.sha256 AND f.kind = ?
           JOIN blob_fact_bodies fb ON fb.id = f.body_id
          WHERE p.repository_id = ? AND p.format = 'swift'`,
        [swiftReleaseFact, request.repository.id],
      )
      .map((row) => ({ namespace: row.namespace, name: row.name, body: readFactText(db, row) ?? '' })),
  );
  const found = new Set<string>();
  for (const row of rows) {
    try {
      const release = JSON.parse(row.body) as SwiftRelease;
      if (repositoryUrlsOf(release.metadata).some((candidate) => normalised(candidate) === normalised(url)))
        found.add(`${row.namespace}.${row.name}`);
    } catch {
      // not a release record
    }
  }
  if (found.size === 0)
    throw new FormatProblem(404, `No package in repository '${request.repository.name}' has the URL ${url}.`);
  send(request, 200, { identifiers: [...found].sort() });
}

function checkNames(scope: string, name: string): void {
  if (!isSwiftScope(scope)) throw new FormatProblem(400, `'${scope}' is not a valid package scope.`);
  if (!isSwiftName(name)) throw new FormatProblem(400, `'${name}' is not a valid package name.`);
}

async function route(request: FormatRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  const path = request.path.replace(/^\/+/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (path === 'login' && method === 'POST') {
    send(request, 200, {});
    return;
  }
  if (path === 'identifiers' && read) {
    identifiers(request);
    return;
  }
  const segments = path.split('/').map(decodeSegment);
  const [scope = '', name = '', third, fourth] = segments;
  if (segments.length < 2 || segments.length > 4)
    throw new FormatProblem(404, `Nothing is served at '${path}'; use this URL as a Swift package registry.`);
  checkNames(scope, name);
  if (segments.length === 2 && read) {
    const releases = releasesOf(request, scope, name).filter((entry) => entry.status === 'Published');
    if (releases.length === 0) throw new FormatProblem(404, `Package ${scope}.${name} was not found.`);
    const list: Record<string, { url: string }> = {};
    for (const entry of releases)
      list[entry.version] = { url: `${request.endpoint}${scope}/${name}/${entry.version}` };
    send(request, 200, { releases: list });
    return;
  }
  const version = (third ?? '').replace(/\.(zip|json)$/, '');
  if (!isSwiftVersion(version)) throw new FormatProblem(400, `'${version}' is not a valid version.`);
  if (segments.length === 3 && method === 'PUT') {
    await publish(request, scope, name, version);
    return;
  }
  if (!read) throw new FormatProblem(405, `${method} is not supported on '${path}'.`);
  if (segments.length === 3 && third?.endsWith('.zip')) {
    const entry = releaseOf(request, scope, name, version);
    request.res.setHeader('Digest', `sha-256=${Buffer.from(entry.release.sha256, 'hex').toString('base64')}`);
    request.res.setHeader('Content-Version', '1');
    await sendVersionFile(
      { ...request },
      'swift',
      name,
      version,
      (file) => file.endsWith('.zip'),
      'application/zip',
      scope,
    );
    return;
  }
  if (segments.length === 3) {
    const entry = releaseOf(request, scope, name, version);
    send(request, 200, {
      id: `${scope}.${name}`,
      version,
      resources: [{ name: 'source-archive', type: 'application/zip', checksum: entry.release.sha256 }],
      metadata: entry.release.metadata,
      publishedAt: entry.publishedTime.toISOString(),
    });
    return;
  }
  if (segments.length === 4 && fourth === 'Package.swift') {
    const entry = releaseOf(request, scope, name, version);
    const wanted = request.query.get('swift-version');
    const manifest =
      (wanted ? entry.release.manifests[`Package@swift-${wanted}.swift`] : undefined) ??
      entry.release.manifests['Package.swift'] ??
      '';
    send(request, 200, manifest, { 'Content-Disposition': 'attachment; filename="Package.swift"' });
    return;
  }
  throw new FormatProblem(404, `Nothing is served at '${path}'.`);
}

export const swiftHandler: FormatHandler = {
  challenge: 'Basic',
  handle: route,
  writeError({ res }: { req: IncomingMessage; res: ServerResponse }, status: number, message: string) {
    const body = Buffer.from(JSON.stringify({ detail: message }), 'utf8');
    res.writeHead(status, {
      'Content-Type': 'application/problem+json',
      'Content-Length': body.length,
      'Content-Version': '1',
    });
    res.end(body);
  },
};
