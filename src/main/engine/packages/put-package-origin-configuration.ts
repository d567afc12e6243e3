/**
 * PutPackageOriginConfiguration: sets a package's publish and upstream restrictions. Called for a
 * package the repository does not have yet, it creates the package with no versions, so origin
 * controls can be in place before the first version arrives.
 */
import type {
  PutPackageOriginConfigurationRequest,
  PutPackageOriginConfigurationResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { originConfiguration } from './package-description';
import { ensurePackage, type OriginRestrictions } from './package-records';
import { packageOf, repositoryNames, requireTarget } from './package-target';

function restrictionsOf(input: PutPackageOriginConfigurationRequest): OriginRestrictions {
  const { publish, upstream } = input.restrictions ?? {};
  if (publish !== 'ALLOW' && publish !== 'BLOCK') {
    throw new ValidationException('restrictions.publish is required and must be ALLOW or BLOCK.');
  }
  if (upstream !== 'ALLOW' && upstream !== 'BLOCK') {
    throw new ValidationException('restrictions.upstream is required and must be ALLOW or BLOCK.');
  }
  return { publish, upstream };
}

export function putPackageOriginConfiguration(
  ctx: EngineContext,
  input: PutPackageOriginConfigurationRequest,
): PutPackageOriginConfigurationResult {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const restrictions = restrictionsOf(input);
  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = ensurePackage(db, repository.id, coordinates, restrictions, now);
    db.run('UPDATE packages SET publish = ?, upstream = ? WHERE id = ?', [
      restrictions.publish,
      restrictions.upstream,
      pkg.id,
    ]);
    return { originConfiguration: originConfiguration(restrictions) };
  });
}
