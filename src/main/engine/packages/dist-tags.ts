/**
 * npm dist-tags of a package in a repository (`latest`, `next`, …): the engine calls behind
 * `npm dist-tag add/rm/ls`. A tag names an existing version of the package; deleting a version
 * drops the tags that named it. Only npm packages have dist-tags.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ResourceNotFoundException, ValidationException } from '../errors';
import { describeCoordinates, requireVersionString } from './package-coordinates';
import { findVersion, listDistTagRows, putDistTag, requirePackage, versionNotFound } from './package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from './package-target';

/** A tag is a short word; npm refuses tags that look like versions, since ranges would read them as one. */
export function checkDistTagName(format: PackageFormat, tag: string): string {
  if (format !== 'npm')
    throw new ValidationException(`Dist-tags exist for npm packages only, not ${format}.`);
  if (typeof tag !== 'string' || tag === '' || tag.length > 255 || /[\s/%#?]/u.test(tag)) {
    throw new ValidationException(`'${String(tag)}' is not a valid dist-tag name.`);
  }
  if (/^v?\d+(\.\d+){0,2}([-+].*)?$/.test(tag)) {
    throw new ValidationException(
      `Dist-tag '${tag}' looks like a version; a tag must not be a valid version.`,
    );
  }
  return tag;
}

function tagsOf(rows: readonly { tag: string; version: string }[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const row of rows) tags[row.tag] = row.version;
  return tags;
}

/** The package's dist-tags (tag → version) in this repository only. */
export function listDistTags(ctx: EngineContext, request: PackageRequest): Record<string, string> {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  if (coordinates.format !== 'npm') throw new ValidationException('Dist-tags exist for npm packages only.');
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    return tagsOf(listDistTagRows(db, requirePackage(db, repository, coordinates).id));
  });
}

/** Points `tag` at `version` (which must exist); returns all tags after the change. */
export function setDistTag(
  ctx: EngineContext,
  request: PackageRequest & { readonly tag: string; readonly version: string },
): Record<string, string> {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const tag = checkDistTagName(coordinates.format, request.tag);
  const version = requireVersionString(coordinates.format, request.version);
  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    if (!findVersion(db, pkg.id, version)) throw versionNotFound(pkg, repository, version);
    putDistTag(db, pkg.id, tag, version, now);
    return tagsOf(listDistTagRows(db, pkg.id));
  });
}

/** Removes `tag`; ResourceNotFoundException when the package has no such tag. */
export function removeDistTag(
  ctx: EngineContext,
  request: PackageRequest & { readonly tag: string },
): Record<string, string> {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const tag = checkDistTagName(coordinates.format, request.tag);
  return ctx.store.write((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    const { changes } = db.run('DELETE FROM package_dist_tags WHERE package_id = ? AND tag = ?', [
      pkg.id,
      tag,
    ]);
    if (changes === 0) {
      throw new ResourceNotFoundException(
        `Package ${describeCoordinates(coordinates)} has no dist-tag '${tag}'.`,
        tag,
        'package',
      );
    }
    return tagsOf(listDistTagRows(db, pkg.id));
  });
}
