/** ListPackageVersionAssets: a version's assets by name, in pages (empty for a Disposed version). */
import type {
  ListPackageVersionAssetsRequest,
  ListPackageVersionAssetsResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import { assetSelect, type AssetRow } from '../packages/package-records';
import { requireVersionTarget, versionEcho, versionNames } from '../package-versions/version-target';
import { assetSummary } from './asset-summary';

const listing = 'ListPackageVersionAssets';

export function listPackageVersionAssets(
  ctx: EngineContext,
  input: ListPackageVersionAssetsRequest,
): ListPackageVersionAssetsResult {
  const request = versionNames(ctx, input);
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 1);
  return ctx.store.read((db) => {
    const { pkg, version } = requireVersionTarget(db, request);
    const rows = db.all<AssetRow>(
      `${assetSelect}
       WHERE a.version_id = ? AND a.name > ? ORDER BY a.name LIMIT ?`,
      [version.id, String(after?.[0] ?? ''), size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.name],
      (row) => assetSummary(row.name, row),
    );
    return { ...versionEcho(pkg, version), assets: page.items, nextToken: page.nextToken };
  });
}
