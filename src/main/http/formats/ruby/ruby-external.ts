/**
 * RubyGems' external connection (`public:ruby-gems-org`) as an offline cache of a gem server with a
 * compact index. The connection's URL is the server's root (what `gem sources` names). The
 * upstream's `info/{gem}` and `versions` files are kept whole and revalidated after the TTL:
 * versions of a gem the search order does not hold are listed from the info file (platform gems
 * included, each a package version `version-platform`), the `versions` file names the upstream's gems so Bundler
 * asks for their info files, and a version is fetched, checked against the info file's checksum and
 * stored (with its specification read from the .gem, as a push does) when its .gem or its Marshal
 * specification is first asked for. Offline, the stored files keep being served.
 */
import { UpstreamResponseError } from '../../../external/fetch-upstream';
import {
  fetchUpstreamBytes,
  externalOffer,
  type ExternalOffer,
  ingestFetchedVersion,
  upstreamFailure,
  fetchThroughConnections,
  upstreamText,
  type UpstreamTarget,
} from '../external-fetch';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { connectionsThroughUpstreams } from '../packages-through-upstreams';
import { gemFileFacts, type ListedGem } from './compact-index';
import { readGemFile } from './gem-file';
import { maxGemBytes, metadataOf } from './gem-push';
import {
  gemFileName,
  isGemName,
  isGemVersion,
  packageVersionOf,
  splitPackageVersion,
  type Requirement,
} from './gem-spec';

const anyVersion: Requirement = [['>=', '0']];

function requirementOf(text: string): Requirement | undefined {
  const pairs = text.split('&').map((part) => {
    const [op, version] = part.trim().split(/\s+/);
    return version === undefined ? ['=', op ?? ''] : [op ?? '', version];
  });
  return pairs.every(
    ([op, version]) => ['=', '!=', '>', '<', '>=', '<=', '~>'].includes(op ?? '') && isGemVersion(version),
  )
    ? (pairs as Requirement)
    : undefined;
}

/**
 * One line of an info file (`1.2.0 dep:>= 1&< 2,other:~> 0.3|checksum:…,ruby:>= 2.7`) as a listed
 * gem (`1.16.0-x86_64-linux …` for a platform gem); undefined for a line that does not parse.
 */
export function parseInfoLine(gem: string, line: string): ListedGem | undefined {
  const space = line.indexOf(' ');
  const parsed = splitPackageVersion(space < 0 ? line : line.slice(0, space));
  if (!parsed) return undefined;
  const [depsText = '', extrasText = ''] = (space < 0 ? '' : line.slice(space + 1)).split('|');
  const dependencies = [];
  for (const entry of depsText.split(',').filter((part) => part !== '')) {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon);
    const requirement = requirementOf(entry.slice(colon + 1));
    if (colon < 0 || !isGemName(name) || !requirement) return undefined;
    dependencies.push({ name, type: 'runtime' as const, requirement });
  }
  const extras = new Map(
    extrasText
      .split(',')
      .filter((part) => part.includes(':'))
      .map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)] as const),
  );
  const sha256 = extras.get('checksum') ?? '';
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  return {
    sha256,
    spec: {
      name: gem,
      version: parsed.version,
      platform: parsed.platform,
      summary: '',
      authors: [],
      email: [],
      licenses: [],
      dependencies,
      requiredRubyVersion: requirementOf(extras.get('ruby') ?? '') ?? anyVersion,
      requiredRubygemsVersion: requirementOf(extras.get('rubygems') ?? '') ?? anyVersion,
      date: '1980-01-02',
      rubygemsVersion: '0',
      specificationVersion: 4,
      metadata: {},
    },
  };
}

/** The upstream's versions of `gem` (null when it has no such gem). */
async function upstreamInfo(request: FormatRequest, target: UpstreamTarget, gem: string) {
  const text = await upstreamText(
    request,
    target,
    `${target.upstream}info/${encodeURIComponent(gem)}`,
    'text/plain',
  );
  if (text === null) return null;
  const body = text.slice(text.indexOf('---\n') + 4);
  return body.split('\n').flatMap((line) => parseInfoLine(gem, line.trim()) ?? []);
}

/** The upstream's versions of `gem` that no repository of the search order holds. */
export function externalGems(request: FormatRequest, gem: string): Promise<ExternalOffer<ListedGem>> {
  return externalOffer(
    request,
    'ruby',
    gem,
    (target) => upstreamInfo(request, target, gem),
    ({ spec }) => packageVersionOf(spec),
  );
}

/**
 * The `versions` lines of the upstreams' gems that `local` does not name, so Bundler (which asks
 * only for the info files of gems the versions file names) sees them. Nothing when no upstream can
 * give one: the local lines stand alone.
 */
export async function externalVersionLines(
  request: FormatRequest,
  local: ReadonlySet<string>,
): Promise<string[]> {
  const lines: string[] = [];
  const named = new Set(local);
  for (const holder of connectionsThroughUpstreams(request, 'ruby')) {
    const upstream = await request.externalUpstream(holder.connection);
    if (!upstream) continue;
    let text: string | null;
    try {
      text = await upstreamText(request, holder, `${upstream}versions`, 'text/plain');
    } catch (error) {
      if (upstreamFailure(error, 'versions', upstream)) continue;
      throw error;
    }
    const start = text?.indexOf('---\n') ?? -1;
    if (text === null || start < 0) continue;
    const added = new Set<string>();
    for (const line of text.slice(start + 4).split('\n')) {
      const name = line.slice(0, line.indexOf(' '));
      if (!isGemName(name) || named.has(name)) continue;
      lines.push(`${line}\n`);
      added.add(name);
    }
    for (const name of added) named.add(name);
  }
  return lines;
}

async function fetchFrom(
  request: FormatRequest,
  target: UpstreamTarget,
  gem: string,
  version: string,
): Promise<boolean> {
  const listed = (await upstreamInfo(request, target, gem))?.find(
    ({ spec }) => packageVersionOf(spec) === version,
  );
  if (!listed) return false;
  const file = gemFileName(listed.spec);
  const bytes = await fetchUpstreamBytes(
    request,
    `${target.upstream}gems/${encodeURIComponent(file)}`,
    maxGemBytes,
  );
  if (!bytes) return false;
  let contents;
  try {
    contents = await readGemFile(bytes, `The upstream's ${file}`);
  } catch (error) {
    if (error instanceof FormatProblem) throw new UpstreamResponseError(error.message, 502);
    throw error;
  }
  const { spec, readme } = contents;
  if (spec.name !== gem || packageVersionOf(spec) !== version)
    throw new UpstreamResponseError(`The upstream's ${file} holds ${gemFileName(spec)}.`, 502);
  await ingestFetchedVersion(request, target, {
    format: 'ruby',
    name: gem,
    version,
    assetName: file,
    bytes,
    expectedSha256: listed.sha256,
    facts: (sha256) => gemFileFacts(spec, sha256),
    metadata: metadataOf(spec, readme),
  });
  return true;
}

/** Fetches `version` of `gem` through the first external connection that has it. */
export async function fetchGem(request: FormatRequest, gem: string, version: string): Promise<boolean> {
  return fetchThroughConnections(request, 'ruby', gem, version, (target) =>
    fetchFrom(request, target, gem, version),
  );
}
