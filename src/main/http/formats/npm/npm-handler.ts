/**
 * The npm registry endpoint of a repository: packuments, tarballs, publish, deprecate, dist-tags, and
 * clear answers for what a local CodeArtifact does not do over the npm protocol (unpublish, login,
 * search).
 */
import type { ServerResponse } from 'node:http';
import { ResourceNotFoundException, ValidationException } from '../../../engine/errors';
import { openLeasedAsset } from '../../../engine/assets/open-asset';
import { listDistTags, removeDistTag, setDistTag } from '../../../engine/packages/dist-tags';
import {
  resolvePackageVersion,
  type ResolvedPackageVersion,
} from '../../../engine/upstreams/resolve-package-version';
import type { FormatHandler, FormatRequest } from '../format-request';
import { carriesVersions, deprecateFromBody } from './npm-deprecate';
import { externalListing, ingestFromExternal, type UpstreamProblem } from './npm-external';
import { npmPackageRequest, parseNpmRoute, versionOfTarball, type NpmName } from './npm-names';
import {
  hasListedVersion,
  npmCoordinates,
  packumentChunks,
  planPackument,
  versionDocument,
  versionStates,
  type VersionState,
} from './npm-packument';
import { documentCacheOf, packageGeneration } from '../document-cache';
import { externalIngestTargets } from '../../../engine/external/external-ingest-target';
import { maxPublishBodyBytes, npmAssetName, publishFromBody } from './npm-publish';
import { readJsonObject, readBody } from './request-body';
import { sendBody } from '../send-asset';
import { answeredNotModified, cachingHeaders, immutableFile, keptDocument } from '../http-caching';

const abbreviatedType = 'application/vnd.npm.install-v1+json';

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = 'application/json',
): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
  });
  res.end(body);
}

function fail(status: number, message: string): never {
  throw Object.assign(new StatusError(message), { status });
}

/** An answer that is not an engine error (405, 502, 504 …). */
class StatusError extends Error {
  status = 400;
}

function wantsAbbreviated(request: FormatRequest): boolean {
  const accept = request.req.headers.accept ?? '';
  return (
    accept.includes(abbreviatedType) &&
    !/application\/json\s*(;|,|$)/.test(accept.split(abbreviatedType)[0] ?? '')
  );
}

function coordinates(request: FormatRequest, name: NpmName) {
  return {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    ...npmPackageRequest(name),
  };
}

const unpublishMessage =
  'npm unpublish is not supported by this registry: delete package versions with the DeletePackageVersions API (aws codeartifact delete-package-versions).';

/**
 * Writes `chunks` with the stream's back-pressure respected; the response is ended by the caller.
 * False when the client went away before the last chunk.
 */
async function writeChunks(
  res: ServerResponse,
  chunks: AsyncIterable<string>,
  keep: (chunk: Buffer) => Promise<void> | undefined,
): Promise<boolean> {
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk, 'utf8');
    await keep(bytes);
    if (res.destroyed) return false;
    if (!res.write(bytes)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  return true;
}

/** How far the disk copy of a document being built may fall behind the answer. */
const diskLagBytes = 4 * 1024 * 1024;

async function servePackument(request: FormatRequest, name: NpmName, head: boolean): Promise<void> {
  const full = !wantsAbbreviated(request);
  const contentType = full ? 'application/json' : abbreviatedType;
  const cache = documentCacheOf(request.ctx.store);
  const key = `${request.repository.id}\n${name.full}\n${full}\n${request.endpoint}`;
  const validator = request.ctx.store.read((db) => packageGeneration(db, npmCoordinates(name)));
  // A kept document is sent as it is: nothing else is read for it.
  const cached = await cache.held(key, validator);
  const onDisk = cached ? undefined : cache.file(key, validator);
  // The full and abbreviated forms share the URL: caches keep one per Accept.
  const document = keptDocument(key, validator);
  const documentHeaders = { ...cachingHeaders(document), Vary: 'Accept' };
  if (cached || onDisk) {
    if (answeredNotModified(request.req, request.res, document, documentHeaders)) return;
    request.res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': cached?.length ?? onDisk?.size ?? 0,
      ...documentHeaders,
    });
    if (head || cached) request.res.end(head ? undefined : cached);
    else if (onDisk) {
      const stream = onDisk.open();
      stream.on('error', () => request.res.destroy());
      stream.pipe(request.res);
    }
    return;
  }
  const plan = planPackument(request, name);
  const states =
    externalApplies(request, name) && plan ? versionStates(request, plan) : new Map<string, VersionState>();
  const external = await externalListing(request, name, new Set(states.keys()), full);
  if (!hasListedVersion(request, plan) && external.extra.length === 0) {
    if (external.problem && !plan) fail(external.problem.status, external.problem.message);
    fail(404, `Package '${name.full}' was not found in repository '${request.repository.name}'.`);
  }
  // Tags set here win over the upstream's, except those that only mirror what was fetched from it.
  const distTags: Record<string, string> = { ...external.distTags };
  for (const [tag, version] of Object.entries(plan?.distTags ?? {})) {
    const mirrored = states.get(version)?.originType === 'EXTERNAL' && external.distTags[tag] !== undefined;
    if (!mirrored) distTags[tag] = version;
  }
  // A document made of stored versions only has the ETag it will be kept under; one merged with an upstream's listing has none.
  if (!external.applies && answeredNotModified(request.req, request.res, document, documentHeaders)) return;
  request.res.writeHead(200, {
    'Content-Type': contentType,
    ...(external.applies ? { 'Cache-Control': 'no-cache', Vary: 'Accept' } : documentHeaders),
  });
  if (head) {
    request.res.end();
    return;
  }
  // Only documents made of stored versions alone are kept: an external upstream's listing changes by itself.
  const writer = external.applies ? undefined : await cache.writer(key, validator);
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let written = Promise.resolve();
  let unwritten = 0;
  let complete: boolean;
  try {
    complete = await writeChunks(
      request.res,
      packumentChunks(request, name, { plan, extra: external.extra, distTags, full }),
      (chunk) => {
        if (!writer) return undefined;
        keptBytes += chunk.length;
        // A document too big for memory is kept on disk only: what was gathered so far goes.
        if (cache.accepts(keptBytes)) kept.push(chunk);
        else kept = [];
        unwritten += chunk.length;
        written = written.then(() => writer.write(chunk)).then(() => void (unwritten -= chunk.length));
        // The disk copy may lag the answer by a few MiB, no more: memory stays bounded.
        return unwritten > diskLagBytes ? written : undefined;
      },
    );
    request.res.end();
  } catch (error) {
    await writer?.discard();
    throw error;
  }
  try {
    await written;
    // Kept only when the state it was built from is durable and no write changed the package meanwhile.
    await request.ctx.store.flush();
  } catch {
    complete = false;
  }
  if (!writer) return;
  try {
    const after = request.ctx.store.read((db) => packageGeneration(db, npmCoordinates(name)));
    if (after !== validator || !complete) return await writer.discard();
    if (cache.accepts(keptBytes)) cache.set(key, validator, Buffer.concat(kept));
    await writer.commit();
  } catch {
    // The answer is sent; a store closing meanwhile only costs the kept copy.
    await writer.discard();
  }
}

function externalApplies(request: FormatRequest, name: NpmName): boolean {
  return externalIngestTargets(request.ctx, coordinates(request, name)).length > 0;
}

/** The version as this repository serves it, fetching it from an external connection when needed. */
async function resolveForDownload(
  request: FormatRequest,
  name: NpmName,
  version: string,
): Promise<ResolvedPackageVersion> {
  const ask = { ...coordinates(request, name), version };
  let found = resolvePackageVersion(request.ctx, ask, { retain: true });
  if (!found) {
    const fetched: true | false | UpstreamProblem = await ingestFromExternal(request, name, version);
    if (fetched === true) found = resolvePackageVersion(request.ctx, ask, { retain: true });
    else if (fetched !== false) fail(fetched.status, fetched.message);
  }
  return servable(request, name, version, found);
}

function servable(
  request: FormatRequest,
  name: NpmName,
  version: string,
  found: ResolvedPackageVersion | undefined,
): ResolvedPackageVersion {
  if (!found || (found.status !== 'Published' && found.status !== 'Unlisted')) {
    fail(404, `${name.full}@${version} is not available from repository '${request.repository.name}'.`);
  }
  return found;
}

async function serveTarball(
  request: FormatRequest,
  name: NpmName,
  file: string,
  head: boolean,
): Promise<void> {
  const version = versionOfTarball(name, file);
  if (version === undefined) fail(404, `'${file}' is not a tarball of ${name.full}.`);
  const ask = { ...coordinates(request, name), version };
  let found = resolvePackageVersion(request.ctx, ask, { retain: true });
  if (!found) {
    await resolveForDownload(request, name, version);
    // Re-read synchronously after the fetch, so the lease is taken right after the read that named the blob.
    found = resolvePackageVersion(request.ctx, ask, { retain: false });
  }
  found = servable(request, name, version, found);
  const asset = found.assets.find((entry) => entry.name === npmAssetName) ?? found.assets[0];
  if (!asset) fail(404, `${name.full}@${found.version} has no tarball.`);
  const tarball = immutableFile(asset.sha256, asset.storedTime);
  if (answeredNotModified(request.req, request.res, tarball)) return;
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': asset.size,
    ...cachingHeaders(tarball),
  };
  if (head) {
    request.res.writeHead(200, headers);
    request.res.end();
    return;
  }
  const stream = await openLeasedAsset(
    request.ctx,
    request.domain.name,
    asset.sha256,
    `asset '${asset.name}' of ${name.full} ${found.version}`,
  );
  request.res.writeHead(200, headers);
  sendBody(request.res, stream);
}

async function serveVersion(request: FormatRequest, name: NpmName, spec: string): Promise<void> {
  const tagged = planPackument(request, name)?.distTags[spec];
  const version = tagged ?? spec;
  const found = await resolveForDownload(request, name, version);
  const plan = planPackument(request, name);
  const document = plan && (await versionDocument(request, name, plan, found.version));
  if (!document) fail(404, `${name.full}@${version} has no tarball.`);
  sendJson(request.res, 200, document);
}

async function distTags(request: FormatRequest, name: NpmName, tag: string | undefined): Promise<void> {
  const method = request.req.method ?? 'GET';
  const target = coordinates(request, name);
  if (method === 'GET' && tag === undefined) {
    let tags: Record<string, string>;
    try {
      tags = listDistTags(request.ctx, target);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      const plan = planPackument(request, name);
      if (!plan) throw error;
      tags = plan.distTags;
    }
    sendJson(request.res, 200, tags);
    return;
  }
  if (tag === undefined) fail(405, `${method} is not supported on the dist-tags of a package; name a tag.`);
  if (method === 'PUT' || method === 'POST') {
    const body = (await readBody(request.req, 64 * 1024)).toString('utf8');
    let version: unknown;
    try {
      version = JSON.parse(body);
    } catch {
      version = body.trim();
    }
    if (typeof version !== 'string' || version === '')
      throw new ValidationException('The body must be the version, as a JSON string.');
    const tags = setDistTag(request.ctx, { ...target, tag, version });
    await request.ctx.store.flush();
    sendJson(request.res, 201, { ok: true, ...tags });
    return;
  }
  if (method === 'DELETE') {
    const tags = removeDistTag(request.ctx, { ...target, tag });
    await request.ctx.store.flush();
    sendJson(request.res, 200, { ok: true, ...tags });
    return;
  }
  fail(405, `${method} is not supported on a dist-tag.`);
}

async function putPackument(request: FormatRequest, name: NpmName): Promise<void> {
  const body = await readJsonObject(request.req, maxPublishBodyBytes);
  const attachments = body._attachments;
  if (attachments && typeof attachments === 'object' && Object.keys(attachments).length > 0) {
    const { version } = await publishFromBody(request, name, body);
    sendJson(request.res, 201, { ok: true, id: name.full, version });
    return;
  }
  if (carriesVersions(body)) {
    const { changed } = await deprecateFromBody(request, name, body);
    sendJson(request.res, 200, { ok: true, id: name.full, changed: changed.map((entry) => entry.version) });
    return;
  }
  fail(
    405,
    `Changing the packument of ${name.full} without a tarball or versions (npm owner, npm access) is not supported by this registry.`,
  );
}

async function route(request: FormatRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const route = parseNpmRoute(request.path);
  switch (route.kind) {
    case 'ping':
      sendJson(request.res, 200, {});
      return;
    case 'whoami':
      sendJson(request.res, 200, { username: 'aws' });
      return;
    case 'search':
      return fail(404, 'Search is not supported by this registry.');
    case 'user':
      return fail(
        403,
        'npm login and adduser are not supported: get a token with aws codeartifact login --tool npm (GetAuthorizationToken).',
      );
    case 'dist-tags':
      return distTags(request, route.name, route.tag);
    case 'packument':
      if (read) return servePackument(request, route.name, method === 'HEAD');
      if (method === 'PUT') return putPackument(request, route.name);
      if (method === 'DELETE') fail(405, unpublishMessage);
      return fail(405, `${method} is not supported on a package.`);
    case 'revision':
      return fail(405, unpublishMessage);
    case 'version':
      if (method === 'GET') return serveVersion(request, route.name, route.version);
      return fail(405, `${method} is not supported on a package version.`);
    case 'tarball':
      if (read) return serveTarball(request, route.name, route.file, method === 'HEAD');
      if (method === 'DELETE') fail(405, unpublishMessage);
      return fail(405, `${method} is not supported on a tarball.`);
    default:
      return fail(404, `Not an npm registry path: /${request.path}`);
  }
}

export const npmHandler: FormatHandler = {
  challenge: 'Bearer',
  async handle(request: FormatRequest): Promise<void> {
    try {
      await route(request);
    } catch (error) {
      if (error instanceof StatusError) {
        if (!request.req.complete) request.req.resume();
        if (request.res.headersSent) request.res.destroy();
        else sendJson(request.res, error.status, { error: error.message });
        return;
      }
      throw error;
    }
  },
};
