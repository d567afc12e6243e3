/** GetPackageVersionReadme: the readme text the format's metadata carried, if any. */
import type {
  GetPackageVersionReadmeRequest,
  GetPackageVersionReadmeResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { readReadme } from '../packages/package-records';
import { requireVersionTarget, versionEcho, versionNames } from './version-target';

export function getPackageVersionReadme(
  ctx: EngineContext,
  input: GetPackageVersionReadmeRequest,
): GetPackageVersionReadmeResult {
  const request = versionNames(ctx, input);
  return ctx.store.read((db) => {
    const { pkg, version } = requireVersionTarget(db, request);
    return { ...versionEcho(pkg, version), readme: readReadme(db, version.id) };
  });
}
