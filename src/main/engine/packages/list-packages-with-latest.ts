/**
 * The console's package list: pages of ListPackages in which every package carries the version its
 * row shows — the default display version (as ListPackageVersions answers it), else the newest
 * version of any status — read in the same store read, so a list of ten thousand packages needs no
 * call per row.
 */
import type { ListPackagesRequest } from '@aws-sdk/client-codeartifact';
import type { PackageListPage } from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import type { Db } from '../../store/types';
import { defaultDisplayVersion } from '../package-versions/list-package-versions';
import { listPackageRows } from './list-packages';
import { packageSummary } from './package-description';
import type { PackageRow } from './package-records';

/** The version ListPackageVersions lists first (newest by the format's order), of any status. */
function newestVersion(db: Db, pkg: PackageRow): string | undefined {
  return db.get<{ version: string }>(
    'SELECT version FROM package_versions WHERE package_id = ? ORDER BY sort_key DESC, version DESC LIMIT 1',
    [pkg.id],
  )?.version;
}

export function listPackagesWithLatest(ctx: EngineContext, input: ListPackagesRequest): PackageListPage {
  const { items, nextToken } = listPackageRows(ctx, input, (db, row) => ({
    ...packageSummary(row),
    latestVersion: defaultDisplayVersion(db, row) ?? newestVersion(db, row) ?? null,
  }));
  return nextToken === undefined ? { packages: items } : { packages: items, nextToken };
}
