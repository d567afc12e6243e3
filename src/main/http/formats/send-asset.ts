/**
 * Sends a stored asset to a format client: opened under a lease right after the read that found it
 * (see openLeasedAsset), with its length and the caching headers of an immutable file (or, for a
 * file whose name stands for whatever build is current, of a changing document; see
 * http-caching.ts); a client that already holds it gets a 304 and nothing is opened. A HEAD request
 * gets the headers only.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { openLeasedAsset, resolvePackageVersion } from '../../engine';
import { VerifiedBytes } from '../../engine/assets/open-asset';
import { FormatProblem } from './format-errors';
import { answeredNotModified, cachingHeaders, immutableFile, type Cacheable } from './http-caching';
import { repositoryPackage } from './format-paths';
import type { FormatRequest } from './format-request';

export async function sendAsset(
  request: Pick<FormatRequest, 'ctx' | 'req' | 'res' | 'domain'>,
  asset: { readonly sha256: string; readonly size: number; readonly storedTime?: number },
  contentType: string,
  /** Names the asset in errors and the log (`asset 'x.whl' of tool 1.0`). */
  what?: string,
  cacheable: Cacheable = immutableFile(asset.sha256, asset.storedTime),
): Promise<void> {
  const { req, res } = request;
  if (answeredNotModified(req, res, cacheable)) return;
  const stream = await openLeasedAsset(request.ctx, request.domain.name, asset.sha256, what);
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': asset.size,
    ...cachingHeaders(cacheable),
  });
  if (req.method === 'HEAD') {
    stream.destroy();
    res.end();
    return;
  }
  sendBody(res, stream);
}

/**
 * Ends `res` with an opened asset: a small blob already checked is written in one piece, a larger
 * one piped; a stream that fails (damage found at its end) cuts the response short.
 */
export function sendBody(res: ServerResponse, body: Readable): void {
  if (body instanceof VerifiedBytes) {
    res.end(body.bytes);
    return;
  }
  body.on('error', () => res.destroy());
  body.pipe(res);
}

/**
 * Sends the file of a version the repository serves (itself, then its upstreams, retaining what it
 * serves): a 404 names what is missing, or the status that keeps an Archived, Disposed or Unfinished
 * version from being downloaded.
 */
export async function sendVersionFile(
  request: Pick<FormatRequest, 'ctx' | 'req' | 'res' | 'domain' | 'repository'>,
  format: PackageFormat,
  name: string,
  version: string,
  file: (assetName: string) => boolean,
  contentType: string,
  namespace?: string,
): Promise<void> {
  const resolved = resolvePackageVersion(request.ctx, {
    ...repositoryPackage(request, format, name),
    namespace,
    version,
  });
  if (!resolved)
    throw new FormatProblem(
      404,
      `${name} ${version} was not found in repository '${request.repository.name}'.`,
    );
  if (resolved.status !== 'Published' && resolved.status !== 'Unlisted')
    throw new FormatProblem(404, `${name} ${version} is ${resolved.status}; it cannot be downloaded.`);
  const asset = resolved.assets.find((candidate) => file(candidate.name));
  if (!asset) throw new FormatProblem(404, `${name} ${version} has no such file.`);
  await sendAsset(request, asset, contentType, `asset '${asset.name}' of ${name} ${version}`);
}
