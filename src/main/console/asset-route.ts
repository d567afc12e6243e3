/**
 * `GET /console/asset?…`: streams one asset to the web console as a download, through the same
 * GetPackageVersionAsset the SDK uses, so status rules (no download of an Archived version…) hold.
 * Errors come back as envelopes with the error's HTTP status.
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseAssetQuery } from '../../shared/console-protocol';
import type { OperationOutput } from '../../shared/operations';
import { ServiceError } from '../engine/errors';
import type { Invoke } from '../engine/invoke';
import { toEnvelopeError, type Log } from '../ipc/envelope';
import { bearerToken } from './console-token';
import { securityHeaders, writeEnvelopeError, writeUnauthorized } from './console-responses';

export interface AssetRouteOptions {
  readonly invoke: Invoke;
  readonly tokenMatches: (presented: string | undefined) => boolean;
  readonly log: Log;
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const base = fileName.split('/').pop() || 'asset';
  const ascii = base.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(base).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function createAssetRoute(
  options: AssetRouteOptions,
): (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, actor: string) => Promise<void> {
  return async (req, res, query, actor) => {
    req.resume();
    if (req.method !== 'GET') {
      writeEnvelopeError(
        res,
        405,
        { name: 'MethodNotAllowedException', message: 'Assets are downloaded with GET.' },
        { Allow: 'GET' },
      );
      return;
    }
    if (!options.tokenMatches(bearerToken(req.headers.authorization))) {
      writeUnauthorized(res, 'header');
      return;
    }
    const input = parseAssetQuery(query) as unknown as GetPackageVersionAssetRequest;
    let stream: Readable;
    let output: OperationOutput<'GetPackageVersionAsset'>;
    try {
      output = await options.invoke('GetPackageVersionAsset', input, actor);
      if (!(output.asset instanceof Readable))
        throw new Error('GetPackageVersionAsset answered without bytes.');
      stream = output.asset;
    } catch (error) {
      const status = error instanceof ServiceError ? error.statusCode : 500;
      writeEnvelopeError(res, status, toEnvelopeError(error, options.log, 'asset download'));
      return;
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': contentDisposition(output.assetName ?? input.asset ?? 'asset'),
      'Cache-Control': 'no-store',
      ...(output.packageVersion ? { 'X-Package-Version': encodeURIComponent(output.packageVersion) } : {}),
      ...(output.packageVersionRevision
        ? { 'X-Package-Version-Revision': output.packageVersionRevision }
        : {}),
    });
    try {
      await pipeline(stream, res);
    } catch (error) {
      if (!res.destroyed) options.log('streaming an asset to the console failed', error);
      stream.destroy();
      res.destroy();
    }
  };
}
