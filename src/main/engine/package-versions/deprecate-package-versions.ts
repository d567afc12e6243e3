/**
 * Deprecation messages of package versions (what `npm deprecate` sets): a version carries at most
 * one message, shown by clients when they install it; an empty message removes it. Only versions
 * this repository itself holds can change (a version served from an upstream belongs to that
 * upstream until it is retained here), and a version whose message actually changes gets a new
 * revision, like any other metadata change. Copies of a version carry its message along.
 */
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireVersionString } from '../packages/package-coordinates';
import { findVersion, newRevision, requirePackage, versionNotFound } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import type { Db } from '../../store/types';

/** Messages are repeated in every packument that lists the version, so they stay short. */
export const maxDeprecationLength = 4096;

export interface DeprecateRequest extends PackageRequest {
  /** Version → its new message; '' or null removes the deprecation. */
  readonly deprecations: Readonly<Record<string, string | null>>;
}

export interface VersionDeprecation {
  readonly version: string;
  /** The message now in force; undefined when the version is not deprecated. */
  readonly deprecated?: string;
  readonly revision: string;
}

export interface DeprecateResult {
  /** Versions whose message changed, with their new revision. */
  readonly changed: VersionDeprecation[];
  /** Versions that already had the requested message (left untouched, same revision). */
  readonly unchanged: VersionDeprecation[];
}

/** '' and whitespace mean "not deprecated", as npm has it. */
export function normaliseDeprecation(message: string | null | undefined): string | null {
  if (message === null || message === undefined || message.trim() === '') return null;
  return message;
}

/** Writes the column as it is (used when a version record is copied or ingested). */
export function writeDeprecation(db: Db, versionId: number, message: string | null): void {
  db.run('UPDATE package_versions SET deprecated = ? WHERE id = ?', [message, versionId]);
}

function checkMessage(version: string, message: unknown): string | null {
  if (message !== null && typeof message !== 'string') {
    throw new ValidationException(`The deprecation message of version '${version}' must be a string.`);
  }
  const normalised = normaliseDeprecation(message);
  if (normalised !== null && normalised.length > maxDeprecationLength) {
    throw new ValidationException(
      `The deprecation message of version '${version}' is ${normalised.length} characters long; at most ${maxDeprecationLength} are allowed.`,
    );
  }
  return normalised;
}

/**
 * Sets or clears the messages of the named versions of a package in the repository, all or none:
 * a version the repository does not hold is a ResourceNotFoundException and nothing changes.
 * Flushes the store before it resolves.
 */
export async function deprecatePackageVersions(
  ctx: EngineContext,
  request: DeprecateRequest,
): Promise<DeprecateResult> {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const entries = Object.entries(request.deprecations ?? {});
  if (entries.length === 0) throw new ValidationException('Name at least one version to deprecate.');
  const messages = new Map<string, string | null>();
  for (const [given, message] of entries) {
    const version = requireVersionString(coordinates.format, given);
    const checked = checkMessage(version, message);
    if (messages.has(version) && messages.get(version) !== checked) {
      throw new ValidationException(`Version '${version}' is named twice with different messages.`);
    }
    messages.set(version, checked);
  }
  const wanted = [...messages].map(([version, message]) => ({ version, message }));
  const now = ctx.now().getTime();
  const result = ctx.store.write((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    const rows = wanted.map((entry) => {
      const row = findVersion(db, pkg.id, entry.version);
      if (!row) throw versionNotFound(pkg, repository, entry.version);
      return { ...entry, row };
    });
    const changed: VersionDeprecation[] = [];
    const unchanged: VersionDeprecation[] = [];
    for (const { version, message, row } of rows) {
      const deprecated = message ?? undefined;
      if (row.deprecated === message) {
        unchanged.push({ version, deprecated, revision: row.revision });
        continue;
      }
      const revision = newRevision();
      db.run('UPDATE package_versions SET deprecated = ?, revision = ?, updated_time = ? WHERE id = ?', [
        message,
        revision,
        now,
        row.id,
      ]);
      changed.push({ version, deprecated, revision });
    }
    return { changed, unchanged };
  });
  await ctx.store.flush();
  return result;
}
