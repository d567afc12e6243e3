/**
 * The RubyGems repository endpoint, as `gem` and Bundler use a gem server: the compact index
 * (`names`, `versions`, `info/{gem}`), the specs indexes (`specs.4.8.gz`, `latest_specs.4.8.gz`,
 * `prerelease_specs.4.8.gz`), the dependency API, Marshal specifications under
 * `quick/Marshal.4.8/`, `.gem` downloads under `gems/`, `gem push` and `gem yank`. Errors go out as
 * plain text, which both clients print.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../read-body';
import { FormatProblem } from '../format-errors';
import type { FormatHandler, FormatRequest } from '../format-request';
import { decodeSegment, repositoryPackage } from '../format-paths';
import { sendVersionFile } from '../send-asset';
import { setYanked } from '../yank-version';
import { byVersion, listedGems, renderInfo, renderNames, renderVersions } from './compact-index';
import { ensureVersion } from '../external-fetch';
import { packagesThroughUpstreams } from '../packages-through-upstreams';
import { externalGems, externalVersionLines, fetchGem } from './ruby-external';
import { handlePush } from './gem-push';
import { fullNameSplits, isGemName, isGemPlatform, isGemVersion, packageVersionOf } from './gem-spec';
import {
  dependencyRecords,
  marshalledDependencies,
  marshalledSpec,
  marshalledSpecsIndex,
} from './gemspec-marshal';
import { sendWhole } from '../http-caching';
import { allSpecsEntries, specsIndexEntries, type SpecsIndexKind } from './specs-index';

function send(request: FormatRequest, status: number, type: string, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  sendWhole(request.req, request.res, status, type, bytes);
}

/**
 * The gem and package version a `name-version[-platform]` file name means. The file name alone can
 * be ambiguous (names may hold `-` and digits), so each way it splits is asked of the listing: a
 * version held through the search order first, then one an external connection can give.
 */
async function resolveFullName(
  request: FormatRequest,
  fullName: string,
): Promise<{ gem: string; version: string }> {
  const splits = fullNameSplits(fullName);
  const last = splits[splits.length - 1];
  if (!last) throw new FormatProblem(404, `'${fullName}' does not name a gem version.`);
  if (splits.length === 1) {
    await ensureVersion(request, 'ruby', last.gem, last.version, () =>
      fetchGem(request, last.gem, last.version),
    );
    return last;
  }
  for (const split of splits)
    if (await ensureVersion(request, 'ruby', split.gem, split.version, () => Promise.resolve(false)))
      return split;
  let failure: unknown;
  for (const split of splits) {
    try {
      if (
        await ensureVersion(request, 'ruby', split.gem, split.version, () =>
          fetchGem(request, split.gem, split.version),
        )
      )
        return split;
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return last;
}

async function serveGem(request: FormatRequest, fileName: string): Promise<void> {
  const { gem, version } = await resolveFullName(request, fileName.replace(/\.gem$/, ''));
  await sendVersionFile(
    request,
    'ruby',
    gem,
    version,
    (name) => name === fileName,
    'application/octet-stream',
  );
}

/** A version's specification; one only an external connection offers is fetched first. */
async function specOf(request: FormatRequest, fullName: string) {
  const { gem, version } = await resolveFullName(request, fullName);
  const spec = listedGems(request, gem)?.find((listed) => packageVersionOf(listed.spec) === version)?.spec;
  if (!spec)
    throw new FormatProblem(
      404,
      `${gem} ${version} is not listed in repository '${request.repository.name}'.`,
    );
  return spec;
}

/** The versions of a gem the repository serves, then those its external connection offers. */
async function servedGems(request: FormatRequest, gem: string) {
  const external = await externalGems(request, gem);
  return {
    gems: byVersion([...(listedGems(request, gem) ?? []), ...external.items]),
    problem: external.problem,
  };
}

async function yank(request: FormatRequest): Promise<void> {
  const body = await readBody(request.req, 64 * 1024);
  const form = new URLSearchParams(body.toString('utf8'));
  const gem = form.get('gem_name') ?? request.query.get('gem_name');
  const version = form.get('version') ?? request.query.get('version');
  const platform = form.get('platform') || request.query.get('platform') || 'ruby';
  if (!isGemName(gem) || !isGemVersion(version))
    throw new FormatProblem(400, 'A yank must give gem_name and version.');
  if (platform !== 'ruby' && !isGemPlatform(platform))
    throw new FormatProblem(400, `'${platform}' is not a gem platform.`);
  const packageVersion = packageVersionOf({ version, platform });
  await setYanked(request, repositoryPackage(request, 'ruby', gem), packageVersion, true);
  send(request, 200, 'text/plain; charset=utf-8', `Successfully deleted gem: ${gem} (${packageVersion})`);
}

async function route(request: FormatRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  // `gem push --host URL/` asks for `URL//api/v1/gems`.
  const path = request.path.replace(/^\/+/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (path === 'api/v1/gems' && method === 'POST') {
    send(request, 200, 'text/plain; charset=utf-8', await handlePush(request));
    return;
  }
  if (path === 'api/v1/gems/yank' && method === 'DELETE') {
    await yank(request);
    return;
  }
  if (!read) throw new FormatProblem(405, `${method} is not supported on '${path}'.`);
  if (path === '') {
    send(request, 200, 'text/plain; charset=utf-8', `RubyGems repository ${request.repository.name}\n`);
    return;
  }
  if (path === 'names') {
    send(request, 200, 'text/plain; charset=utf-8', renderNames(request));
    return;
  }
  const specsIndex = /^(specs|latest_specs|prerelease_specs)\.4\.8\.gz$/.exec(path);
  if (specsIndex) {
    const entries = specsIndexEntries(specsIndex[1] as SpecsIndexKind, await allSpecsEntries(request));
    send(request, 200, 'application/octet-stream', marshalledSpecsIndex(entries));
    return;
  }
  if (path === 'versions') {
    const external = await externalVersionLines(request, new Set(packagesThroughUpstreams(request, 'ruby')));
    send(request, 200, 'text/plain; charset=utf-8', renderVersions(request, request.ctx.now(), external));
    return;
  }
  const info = /^info\/([^/]+)$/.exec(path);
  if (info) {
    const gem = decodeSegment(info[1] ?? '');
    if (!isGemName(gem)) throw new FormatProblem(404, `'${gem}' is not a gem name.`);
    const { gems, problem } = await servedGems(request, gem);
    if (gems.length === 0)
      throw (
        problem ??
        new FormatProblem(404, `Gem '${gem}' was not found in repository '${request.repository.name}'.`)
      );
    send(request, 200, 'text/plain; charset=utf-8', renderInfo(gems));
    return;
  }
  if (path === 'api/v1/dependencies' || path === 'api/v1/dependencies.json') {
    const names = (request.query.get('gems') ?? '').split(',').filter((name) => isGemName(name));
    const specs = [];
    for (const name of names)
      specs.push(...(await servedGems(request, name)).gems.map((listed) => listed.spec));
    const records = dependencyRecords(specs);
    if (path.endsWith('.json')) send(request, 200, 'application/json', JSON.stringify(records));
    else send(request, 200, 'application/octet-stream', marshalledDependencies(records));
    return;
  }
  const quick = /^quick\/Marshal\.4\.8\/([^/]+)\.gemspec\.rz$/.exec(path);
  if (quick) {
    send(
      request,
      200,
      'application/octet-stream',
      marshalledSpec(await specOf(request, decodeSegment(quick[1] ?? ''))),
    );
    return;
  }
  const file = /^gems\/([^/]+\.gem)$/.exec(path);
  if (file) {
    await serveGem(request, decodeSegment(file[1] ?? ''));
    return;
  }
  throw new FormatProblem(404, `Nothing is served at '${path}'; use this URL as a gem source.`);
}

export const rubyHandler: FormatHandler = {
  challenge: 'Basic',
  handle: route,
  writeError({ res }: { req: IncomingMessage; res: ServerResponse }, status: number, message: string) {
    const body = Buffer.from(`${message}\n`, 'utf8');
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  },
};
