/**
 * npm dist-tags across the mirror. CodeArtifact's API has no dist-tag operation: the service keeps
 * them and takes changes only through its npm endpoint, as `npm dist-tag ls` and `npm dist-tag add`
 * use it (GET `-/package/{name}/dist-tags`, PUT `-/package/{name}/dist-tags/{tag}` with the version
 * as a JSON string, Bearer token from GetAuthorizationToken). After a job's versions are copied, the
 * npm packages it covered get the sending side's tags on the receiving side, each tag whose version
 * the receiver holds; a tag the receiver has and the sender does not is left as it is (a mirror
 * never deletes on the other side), and so is a tag whose version the receiver lacks.
 */
import type { EngineContext } from '../engine/context';
import { ResourceNotFoundException } from '../engine/errors';
import { listDistTags, setDistTag } from '../engine/packages/dist-tags';
import type { MirrorDirection } from '../../shared/mirror';
import { auth, base, EndpointError, send, type EndpointAccessFor } from './endpoint-requests';
import { packageInput, type PackageRef, type Side } from './inventory';

export interface DistTagOutcome {
  /** Tags set on the receiving side. */
  readonly set: number;
  /** Tags left out, each with why (`name@tag: …`). */
  readonly leftOut: readonly string[];
}

type Tags = Record<string, string>;

function npmName(ref: PackageRef): string {
  return ref.namespace ? `@${ref.namespace}/${ref.package}` : ref.package;
}

function tagsUrl(endpoint: string, ref: PackageRef): string {
  return `${base(endpoint)}-/package/${encodeURIComponent(npmName(ref))}/dist-tags`;
}

function localTags(ctx: EngineContext, local: Side, ref: PackageRef): Tags {
  try {
    return listDistTags(ctx, packageInput(local, ref));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return {};
    throw error;
  }
}

async function remoteTags(access: EndpointAccessFor, ref: PackageRef, signal: AbortSignal): Promise<Tags> {
  const endpoint = await access(ref.repository, 'npm');
  try {
    const body = await send(
      tagsUrl(endpoint.endpoint, ref),
      { headers: { authorization: auth(endpoint, 'Bearer'), accept: 'application/json' } },
      signal,
    );
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch (error) {
    if (error instanceof EndpointError && error.status === 404) return {};
    throw error;
  }
}

async function putRemoteTag(
  access: EndpointAccessFor,
  ref: PackageRef,
  tag: string,
  version: string,
  signal: AbortSignal,
): Promise<void> {
  const endpoint = await access(ref.repository, 'npm');
  await send(
    `${tagsUrl(endpoint.endpoint, ref)}/${encodeURIComponent(tag)}`,
    {
      method: 'PUT',
      headers: { authorization: auth(endpoint, 'Bearer'), 'content-type': 'application/json' },
      body: JSON.stringify(version),
    },
    signal,
  );
}

function whyLeftOut(error: unknown): string {
  if (error instanceof ResourceNotFoundException) return 'its version is not there';
  if (error instanceof EndpointError && error.status === 404) return 'its version is not there';
  return (error as Error).message;
}

/** Gives the receiving side the sending side's dist-tags of each npm package in `packages`. */
export async function carryDistTags(
  ctx: EngineContext,
  local: Side,
  direction: MirrorDirection,
  packages: readonly PackageRef[],
  access: EndpointAccessFor,
  signal: AbortSignal,
): Promise<DistTagOutcome> {
  let set = 0;
  const leftOut: string[] = [];
  for (const ref of packages) {
    signal.throwIfAborted();
    const here = localTags(ctx, local, ref);
    let there: Tags;
    try {
      there = await remoteTags(access, ref, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      leftOut.push(`${npmName(ref)}: the remote's dist-tags could not be read (${(error as Error).message})`);
      continue;
    }
    const [from, to] = direction === 'push' ? [here, there] : [there, here];
    for (const [tag, version] of Object.entries(from)) {
      if (to[tag] === version) continue;
      try {
        if (direction === 'push') await putRemoteTag(access, ref, tag, version, signal);
        else setDistTag(ctx, { ...packageInput(local, ref), tag, version });
        set += 1;
      } catch (error) {
        if (signal.aborted) throw error;
        leftOut.push(`${npmName(ref)}@${tag} → ${version}: ${whyLeftOut(error)}`);
      }
    }
  }
  if (direction === 'pull') await ctx.store.flush();
  return { set, leftOut };
}

/** The npm packages among `refs`, each once. */
export function npmPackagesOf(refs: readonly PackageRef[]): PackageRef[] {
  const seen = new Map<string, PackageRef>();
  for (const ref of refs) {
    if (ref.format !== 'npm') continue;
    const key = [ref.repository, ref.namespace ?? '', ref.package].join('\u0000');
    if (!seen.has(key))
      seen.set(key, {
        repository: ref.repository,
        format: 'npm',
        namespace: ref.namespace,
        package: ref.package,
      });
  }
  return [...seen.values()];
}
