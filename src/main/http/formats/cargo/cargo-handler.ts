/**
 * The Cargo repository endpoint, a sparse registry (`sparse+{endpoint}` in Cargo's configuration):
 * `config.json`, one index file per crate, downloads, and the publish, yank and unyank calls of
 * Cargo's registry web API. Errors go out as `{"errors": [{"detail": …}]}`, which Cargo prints.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendVersionFile } from '../send-asset';
import { FormatProblem } from '../format-errors';
import type { FormatHandler, FormatRequest } from '../format-request';
import { decodeSegment, repositoryPackage } from '../format-paths';
import { ensureVersion } from '../external-fetch';
import { externalIndexLines, fetchCrate } from './cargo-external';
import { indexLines, renderIndexFile } from './cargo-index';
import { crateOfIndexPath, isCrateName, isCrateVersion } from './cargo-names';
import { handlePublish } from './cargo-publish';
import { setYanked } from '../yank-version';
import { sendWhole } from '../http-caching';

function sendJson(
  request: { req: IncomingMessage; res: ServerResponse },
  status: number,
  value: unknown,
): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  sendWhole(request.req, request.res, status, 'application/json', body);
}

function registryConfig(request: FormatRequest): Record<string, unknown> {
  const api = request.endpoint.replace(/\/$/, '');
  return { dl: `${request.endpoint}api/v1/crates`, api, 'auth-required': true };
}

/**
 * A crate's index file: the versions the search order holds, then those an external connection
 * offers. With nothing to list and the upstream failing, its failure (502/504) names the crate.
 */
async function serveIndex(request: FormatRequest, crate: string): Promise<void> {
  const external = await externalIndexLines(request, crate);
  const lines = [...(indexLines(request, crate) ?? []), ...external.items];
  if (lines.length === 0) {
    throw (
      external.problem ??
      new FormatProblem(
        404,
        `Crate '${crate}' was not found in repository '${request.repository.name}' or its upstreams.`,
      )
    );
  }
  const body = Buffer.from(renderIndexFile(lines), 'utf8');
  sendWhole(request.req, request.res, 200, 'text/plain; charset=utf-8', body);
}

async function route(request: FormatRequest): Promise<void> {
  const { req } = request;
  const method = req.method ?? 'GET';
  const path = request.path;
  const read = method === 'GET' || method === 'HEAD';
  if (path === 'config.json' && read) {
    sendJson(request, 200, registryConfig(request));
    return;
  }
  if (path === 'api/v1/crates/new') {
    if (method !== 'PUT') throw new FormatProblem(405, 'Publish with PUT api/v1/crates/new.');
    await handlePublish(request);
    return;
  }
  const crateCall = /^api\/v1\/crates\/([^/]+)\/([^/]+)\/(download|yank|unyank)$/.exec(path);
  if (crateCall) {
    const crate = decodeSegment(crateCall[1] ?? '');
    const version = decodeSegment(crateCall[2] ?? '');
    const action = crateCall[3];
    if (!isCrateName(crate)) throw new FormatProblem(400, `'${crate}' is not a valid crate name.`);
    if (!isCrateVersion(version)) throw new FormatProblem(400, `'${version}' is not a valid SemVer version.`);
    if (action === 'download' && read) {
      await ensureVersion(request, 'cargo', crate, version, () => fetchCrate(request, crate, version));
      await sendVersionFile(
        request,
        'cargo',
        crate,
        version,
        (name) => name.endsWith('.crate'),
        'application/gzip',
      );
      return;
    }
    if ((action === 'yank' && method === 'DELETE') || (action === 'unyank' && method === 'PUT')) {
      await setYanked(request, repositoryPackage(request, 'cargo', crate), version, action === 'yank');
      sendJson(request, 200, { ok: true });
      return;
    }
    throw new FormatProblem(405, `${method} is not supported on ${action}.`);
  }
  if (/^api\/v1\/crates\/[^/]+\/owners$/.test(path))
    throw new FormatProblem(
      400,
      'Crate owners are not kept by this registry; access is governed by the repository and its policies.',
    );
  if (path === 'api/v1/crates' && read)
    throw new FormatProblem(400, 'cargo search is not supported; use ListPackages with --format cargo.');
  if (read) {
    const crate = crateOfIndexPath(path);
    if (crate) {
      await serveIndex(request, crate);
      return;
    }
  }
  throw new FormatProblem(404, `Nothing is served at '${path}'; point Cargo at sparse+${request.endpoint}`);
}

export const cargoHandler: FormatHandler = {
  challenge: 'Bearer',
  handle: route,
  writeError(target: { req: IncomingMessage; res: ServerResponse }, status: number, message: string) {
    sendJson(target, status, { errors: [{ detail: message }] });
  },
};
