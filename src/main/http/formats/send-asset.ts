/**
 * Sends a stored asset to a format client: opened under a lease right after the read that found it
 * (see openLeasedAsset), with its length, its SHA-256 as ETag and an immutable cache lifetime; a HEAD
 * request gets the headers only.
 */
import { openLeasedAsset } from '../../engine';
import type { FormatRequest } from './format-request';

export async function sendAsset(
  request: Pick<FormatRequest, 'ctx' | 'req' | 'res' | 'domain'>,
  asset: { readonly sha256: string; readonly size: number },
  contentType: string,
  /** Names the asset in errors and the log (`asset 'x.whl' of tool 1.0`). */
  what?: string,
): Promise<void> {
  const { req, res } = request;
  const stream = await openLeasedAsset(request.ctx, request.domain.name, asset.sha256, what);
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': asset.size,
    ETag: `"${asset.sha256}"`,
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') {
    stream.destroy();
    res.end();
    return;
  }
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
