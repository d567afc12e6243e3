/**
 * `npm deprecate <pkg>@<range> "<message>"`: npm fetches the packument, sets `deprecated` on the
 * versions the range matches (an empty message un-deprecates) and PUTs the whole document back. The
 * versions whose message differs from what this endpoint serves are the ones the client asks to
 * change; the engine changes them in this repository, or refuses them all when one is not held here
 * (a version only served from an upstream or an external connection is that one's to deprecate).
 */
import { ValidationException } from '../../../engine/errors';
import {
  deprecatePackageVersions,
  normaliseDeprecation,
  type DeprecateResult,
} from '../../../engine/package-versions/deprecate-package-versions';
import type { FormatRequest } from '../format-request';
import { externalListing } from './npm-external';
import { npmPackageRequest, type NpmName } from './npm-names';
import { planPackument, versionStates } from './npm-packument';

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The message a version's entry of the PUT body asks for (null: not deprecated). */
function requested(name: NpmName, version: string, entry: unknown): string | null {
  const manifest = object(entry);
  if (!manifest) throw new ValidationException(`versions['${version}'] of ${name.full} is not an object.`);
  const message = manifest.deprecated;
  if (message === undefined || message === null) return null;
  if (typeof message !== 'string') {
    throw new ValidationException(`versions['${version}'].deprecated of ${name.full} must be a string.`);
  }
  return normaliseDeprecation(message);
}

/** Whether the body is a packument with versions, which is all a deprecation needs. */
export function carriesVersions(body: Record<string, unknown>): boolean {
  return object(body.versions) !== undefined;
}

/** Applies the deprecations a packument PUT (without attachments) asks for. */
export async function deprecateFromBody(
  request: FormatRequest,
  name: NpmName,
  body: Record<string, unknown>,
): Promise<DeprecateResult> {
  if (body.name !== undefined && body.name !== name.full) {
    throw new ValidationException(
      `The package name in the body ('${String(body.name)}') does not match the URL ('${name.full}').`,
    );
  }
  const versions = object(body.versions) ?? {};
  const asked = new Map<string, string | null>();
  for (const [version, entry] of Object.entries(versions))
    asked.set(version, requested(name, version, entry));

  // What this endpoint serves now: the first record of each version along the search order …
  const served = new Map<string, string | null>();
  const plan = planPackument(request, name);
  for (const [version, state] of plan ? versionStates(request, plan) : [])
    served.set(version, state.deprecated);
  // … and, for versions no repository holds yet, what the external upstream says.
  if ([...asked.keys()].some((version) => !served.has(version))) {
    const external = await externalListing(request, name, new Set(served.keys()), true);
    for (const extra of external.extra) {
      const message = extra.document.deprecated;
      served.set(extra.version, typeof message === 'string' ? normaliseDeprecation(message) : null);
    }
  }

  const deprecations: Record<string, string | null> = {};
  for (const [version, message] of asked) {
    if ((served.get(version) ?? null) !== message) deprecations[version] = message;
  }
  if (Object.keys(deprecations).length === 0) return { changed: [], unchanged: [] };
  return deprecatePackageVersions(request.ctx, {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    ...npmPackageRequest(name),
    deprecations,
  });
}
