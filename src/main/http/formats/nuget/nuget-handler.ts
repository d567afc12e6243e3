/**
 * The NuGet v3 repository endpoint: the service index at `v3/index.json` (what `aws codeartifact
 * login --tool dotnet|nuget` configures), the flat container (`v3/package/`), registrations
 * (`v3/registration/`) and the v2 publish resource (`v2/package`: push with PUT, unlist with DELETE,
 * relist with POST). Unlisting makes a version Unlisted, relisting Published again. Errors carry the
 * message in the reason phrase, which NuGet clients print.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normaliseVersion } from '../../../engine/packages/package-coordinates';
import { FormatProblem, reasonPhrase } from '../format-errors';
import type { FormatHandler, FormatRequest } from '../format-request';
import { decodeSegment, repositoryPackage } from '../format-paths';
import { sendVersionFile } from '../send-asset';
import { setYanked } from '../yank-version';
import {
  byNugetVersion,
  flatContainerIndex,
  nugetVersions,
  registrationIndex,
  registrationLeaf,
  serviceIndex,
  type NugetVersion,
} from './nuget-documents';
import { handlePush } from './nuget-push';
import { ensureVersion } from '../external-fetch';
import { externalVersions, fetchNupkg } from './nuget-external';
import { isNugetId, isNugetVersion } from './nuspec';
import { sendWhole } from '../http-caching';

function sendJson(request: FormatRequest, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  sendWhole(request.req, request.res, 200, 'application/json; charset=utf-8', body);
}

function packageId(segment: string): string {
  const id = decodeSegment(segment);
  if (!isNugetId(id)) throw new FormatProblem(404, `'${id}' is not a valid package id.`);
  return id.toLowerCase();
}

function packageVersion(segment: string): string {
  const version = decodeSegment(segment);
  if (!isNugetVersion(version)) throw new FormatProblem(404, `'${version}' is not a valid package version.`);
  return normaliseVersion('nuget', version);
}

function versionsOf(request: FormatRequest, id: string): NugetVersion[] {
  const versions = nugetVersions(request, id);
  if (!versions || versions.length === 0)
    throw new FormatProblem(404, `Package '${id}' was not found in repository '${request.repository.name}'.`);
  return versions;
}

async function route(request: FormatRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  const path = request.path.replace(/^\/+/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (/^(?:api\/)?v2\/package\/?$/.test(path) && method === 'PUT') {
    await handlePush(request);
    return;
  }
  const unlist = /^(?:api\/)?v2\/package\/([^/]+)\/([^/]+)$/.exec(path);
  if (unlist && (method === 'DELETE' || method === 'POST')) {
    const id = packageId(unlist[1] ?? '');
    await setYanked(
      request,
      repositoryPackage(request, 'nuget', id),
      packageVersion(unlist[2] ?? ''),
      method === 'DELETE',
    );
    request.res.writeHead(method === 'DELETE' ? 204 : 200, { 'Content-Length': 0 });
    request.res.end();
    return;
  }
  if (!read) throw new FormatProblem(405, `${method} is not supported on '${path}'.`);
  if (path === 'v3/index.json') {
    sendJson(request, serviceIndex(request.endpoint));
    return;
  }
  const flat = /^v3\/package\/([^/]+)\/index\.json$/.exec(path);
  if (flat) {
    const id = packageId(flat[1] ?? '');
    const external = await externalVersions(request, id);
    const local = nugetVersions(request, id) ?? [];
    if (local.length === 0 && external.items.length === 0)
      throw (
        external.problem ??
        new FormatProblem(404, `Package '${id}' was not found in repository '${request.repository.name}'.`)
      );
    const versions = [...flatContainerIndex(local), ...external.items];
    sendJson(request, { versions: byNugetVersion(versions) });
    return;
  }
  const content = /^v3\/package\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (content) {
    const id = packageId(content[1] ?? '');
    const version = packageVersion(content[2] ?? '');
    const file = decodeSegment(content[3] ?? '').toLowerCase();
    await ensureVersion(request, 'nuget', id, version, () => fetchNupkg(request, id, version));
    if (file === `${id}.nuspec`) {
      const entry = versionsOf(request, id).find(
        (candidate) => candidate.version.toLowerCase() === version.toLowerCase(),
      );
      if (!entry) throw new FormatProblem(404, `${id} ${version} was not found.`);
      const body = Buffer.from(entry.nuspecXml, 'utf8');
      request.res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': body.length });
      request.res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    await sendVersionFile(request, 'nuget', id, version, (name) => name === file, 'application/octet-stream');
    return;
  }
  const registration = /^v3\/registration\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (registration) {
    const id = packageId(registration[1] ?? '');
    const versions = versionsOf(request, id);
    if (registration[2] === 'index') {
      sendJson(request, registrationIndex(request.endpoint, id, versions));
      return;
    }
    const version = packageVersion(registration[2] ?? '');
    const entry = versions.find((candidate) => candidate.version.toLowerCase() === version.toLowerCase());
    if (!entry) throw new FormatProblem(404, `${id} ${version} was not found.`);
    sendJson(request, registrationLeaf(request.endpoint, id, entry));
    return;
  }
  throw new FormatProblem(404, `Nothing is served at '${path}'; the service index is v3/index.json.`);
}

export const nugetHandler: FormatHandler = {
  challenge: 'Basic',
  handle: route,
  writeError({ res }: { req: IncomingMessage; res: ServerResponse }, status: number, message: string) {
    const body = Buffer.from(JSON.stringify({ error: message }), 'utf8');
    res.statusMessage = reasonPhrase(message) || 'Error';
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  },
};
