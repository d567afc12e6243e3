/**
 * The PyPI repository endpoint: the simple index (`simple/`, `simple/{project}/`), file downloads
 * (`files/{project}/{version}/{file}`) and the legacy upload API (POST to the endpoint root), as pip
 * and twine use them. Errors go out as plain text with the message also in the reason phrase, which
 * is what twine prints.
 *
 * A project page made of stored files only is kept whole (memory, and `cache/documents/` on disk)
 * with the package's generation as its validator, as npm packuments are: every write that changes
 * what it lists (publish, status change, delete, dispose, copy, origin or upstream changes) raises
 * the generation, so a kept page is never stale. Pages that merge an external connection's listing
 * are built each time (the upstream's listing changes by itself). Pages carry an ETag (the kept
 * page's validator, else the MD5 of the page) and a client that holds the current one gets a 304;
 * files are immutable (see http-caching.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormatHandler, FormatRequest } from '../format-request';
import { reasonPhrase, writeFormatError } from '../format-errors';
import { handleDownload } from './download';
import { handleUpload } from './upload';
import { hasMetadataFile, metadataSuffix } from './core-metadata';
import { handleMetadataFile } from './metadata-files';
import { HttpProblem } from './http-problem';
import { packageRequest, projectListing } from './project-files';
import { documentCacheOf, packageGeneration } from '../document-cache';
import { externalIngestTargets } from '../../../engine/external/external-ingest-target';
import { normalisePypiName } from './pypi-names';
import { negotiateSimple, renderProjectPage, renderRootPage } from './simple-pages';
import { packagesThroughUpstreams } from '../packages-through-upstreams';
import { answeredNotModified, keptDocument, sendWhole, type Cacheable } from '../http-caching';

const pageHeaders = { Vary: 'Accept' };

/**
 * Part of a kept page's key: raised when what a page says about the same files changes (2: core
 * metadata files are announced), so pages kept before are neither sent nor validated again.
 */
const pageVersion = 2;

/** A simple page: its representation depends on Accept, so caches keep one per Accept. */
function sendPage(request: FormatRequest, type: string, body: string | Buffer, cacheable?: Cacheable): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  sendWhole(request.req, request.res, 200, type, bytes, { cacheable, headers: pageHeaders });
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { Location: location, 'Content-Length': 0 });
  res.end();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(400, `'${segment}' is not a valid path segment.`);
  }
}

async function handleSimple(request: FormatRequest, rest: string): Promise<void> {
  const { req, res } = request;
  const base = new URL(request.endpoint).pathname;
  const type = negotiateSimple(req.headers.accept);
  if (!type)
    throw new HttpProblem(
      406,
      'Acceptable types: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html.',
    );
  const contentType = type === 'text/html' ? 'text/html; charset=utf-8' : type;
  if (rest === '') {
    const projects = packagesThroughUpstreams(request, 'pypi').map((name) => ({
      name,
      url: `${base}simple/${name}/`,
    }));
    sendPage(request, contentType, renderRootPage(projects, type));
    return;
  }
  const segments = rest.split('/');
  const name = decodeSegment(segments[0] ?? '');
  if (segments.length > 2 || (segments.length === 2 && segments[1] !== '')) {
    throw new HttpProblem(404, `No such page: simple/${rest}`);
  }
  const project = normalisePypiName(name);
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(project))
    throw new HttpProblem(404, `'${name}' is not a valid project name.`);
  if (project !== name || segments.length === 1) {
    redirect(res, `${base}simple/${project}/`);
    return;
  }
  const { ctx } = request;
  const cacheable = externalIngestTargets(ctx, packageRequest(request, project)).length === 0;
  const cache = documentCacheOf(ctx.store);
  const key = `pypi\n${pageVersion}\n${request.repository.id}\n${project}\n${type}\n${base}`;
  const coordinates = { format: 'pypi' as const, namespace: '', name: project };
  const generation = (): string => ctx.store.read((db) => packageGeneration(db, coordinates));
  const validator = generation();
  const kept = cacheable ? keptDocument(key, validator) : undefined;
  if (kept && answeredNotModified(req, res, kept, pageHeaders)) return;
  const whole = kept ? await cache.whole(key, validator) : undefined;
  if (whole) {
    sendPage(request, contentType, whole, kept);
    return;
  }
  const listing = await projectListing(request, project);
  if (!listing.project) {
    if (listing.upstreamProblem)
      throw new HttpProblem(listing.upstreamProblem.status, listing.upstreamProblem.message);
    throw new HttpProblem(
      404,
      `Project '${project}' was not found in repository '${request.repository.name}'.`,
    );
  }
  const page = Buffer.from(renderProjectPage(listing.project, type), 'utf8');
  sendPage(request, contentType, page, kept);
  if (cacheable) await cache.keep(ctx.store, key, validator, generation, page);
}

async function route(request: FormatRequest): Promise<void> {
  const { req, res, path } = request;
  const method = req.method ?? 'GET';
  if (method === 'POST' && (path === '' || path === 'legacy/' || path === 'legacy')) {
    await handleUpload(request);
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') throw new HttpProblem(405, `${method} is not supported here.`);
  if (path === 'simple') {
    redirect(res, `${new URL(request.endpoint).pathname}simple/`);
    return;
  }
  if (path.startsWith('simple/')) {
    await handleSimple(request, path.slice('simple/'.length));
    return;
  }
  const file = /^files\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (file) {
    const project = normalisePypiName(decodeSegment(file[1] ?? ''));
    const version = decodeSegment(file[2] ?? '');
    const filename = decodeSegment(file[3] ?? '');
    if (filename.endsWith(metadataSuffix) && hasMetadataFile(filename.slice(0, -metadataSuffix.length))) {
      await handleMetadataFile(request, project, version, filename.slice(0, -metadataSuffix.length));
      return;
    }
    await handleDownload(request, project, version, filename);
    return;
  }
  throw new HttpProblem(404, `Nothing is served at '${path}'; the index is at simple/.`);
}

export const pypiHandler: FormatHandler = {
  challenge: 'Basic',
  async handle(request) {
    try {
      await route(request);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      writeFormatError(pypiHandler, request, error.status, error.message);
    }
  },
  writeError({ res }: { req: IncomingMessage; res: ServerResponse }, status: number, message: string) {
    const body = Buffer.from(`${message}\n`, 'utf8');
    res.statusMessage = reasonPhrase(message) || 'Error';
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  },
};
