/** PackageVersionDescription, PackageVersionSummary and PackageVersionOrigin built from rows. */
import type {
  PackageVersionDescription,
  PackageVersionOrigin,
  PackageVersionSummary,
} from '@aws-sdk/client-codeartifact';
import { toDate } from '../lookups';
import { defaultDisplayName, namespaceOf } from '../packages/package-coordinates';
import { coordinatesOf, parseLicenses, type PackageRow, type VersionRow } from '../packages/package-records';
import { readDescription } from '../packages/version-descriptions';
import type { Db } from '../../store/types';

export function versionOrigin(row: VersionRow): PackageVersionOrigin {
  if (row.origin_repository !== null) {
    return { domainEntryPoint: { repositoryName: row.origin_repository }, originType: row.origin_type };
  }
  if (row.origin_external_connection !== null) {
    return {
      domainEntryPoint: { externalConnectionName: row.origin_external_connection },
      originType: row.origin_type,
    };
  }
  return { originType: row.origin_type };
}

export function versionSummary(row: VersionRow): PackageVersionSummary {
  return { version: row.version, revision: row.revision, status: row.status, origin: versionOrigin(row) };
}

export function versionDescription(db: Db, pkg: PackageRow, row: VersionRow): PackageVersionDescription {
  const description = readDescription(db, row.description_id);
  const licenses = parseLicenses(description.licenses);
  return {
    format: pkg.format,
    namespace: namespaceOf(pkg),
    packageName: pkg.name,
    displayName: description.display_name ?? defaultDisplayName(coordinatesOf(pkg)),
    version: row.version,
    summary: description.summary ?? undefined,
    homePage: description.home_page ?? undefined,
    sourceCodeRepository: description.source_code_repository ?? undefined,
    publishedTime: toDate(row.published_time),
    licenses: licenses?.map((license) => ({ name: license.name, url: license.url })),
    revision: row.revision,
    status: row.status,
    origin: versionOrigin(row),
  };
}
