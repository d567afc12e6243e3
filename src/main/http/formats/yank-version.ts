/**
 * Yanking (`cargo yank`, `gem yank`) and unyanking: a yanked version is Unlisted (still downloadable by
 * exact version, never picked by a new resolution), an unyanked one Published again. Only Published
 * and Unlisted versions of the repository itself move; anything else is refused with its status named.
 */
import type { EngineContext } from '../../engine';
import { describePackageVersion } from '../../engine/package-versions/describe-package-version';
import { updatePackageVersionsStatus } from '../../engine/package-versions/update-package-versions-status';
import { FormatProblem } from './format-errors';
import type { FormatRequest } from './format-request';

export interface YankTarget {
  readonly domain: string;
  readonly domainOwner: string;
  readonly repository: string;
  readonly format: 'cargo' | 'ruby' | 'nuget';
  readonly package: string;
}

function currentStatus(ctx: EngineContext, pkg: YankTarget, version: string): string | undefined {
  try {
    return describePackageVersion(ctx, { ...pkg, packageVersion: version }).packageVersion?.status;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export async function setYanked(
  request: FormatRequest,
  pkg: YankTarget,
  version: string,
  yanked: boolean,
): Promise<void> {
  const { ctx } = request;
  const from = yanked ? 'Published' : 'Unlisted';
  const to = yanked ? 'Unlisted' : 'Published';
  const status = currentStatus(ctx, pkg, version);
  if (status === undefined)
    throw new FormatProblem(
      404,
      `${pkg.package} ${version} is not in repository '${pkg.repository}'; only its own versions can be yanked.`,
    );
  if (status === to) return;
  if (status !== from)
    throw new FormatProblem(
      409,
      `${pkg.package} ${version} is ${status}; it cannot be ${yanked ? 'yanked' : 'unyanked'}.`,
    );
  const result = updatePackageVersionsStatus(ctx, {
    ...pkg,
    versions: [version],
    expectedStatus: from,
    targetStatus: to,
  });
  await ctx.store.flush();
  const failure = Object.values(result.failedVersions ?? {})[0];
  if (failure)
    throw new FormatProblem(409, failure.errorMessage ?? `${pkg.package} ${version} changed meanwhile.`);
}
