/** PackageSummary and PackageDescription as the API returns them, built from a package row. */
import type {
  PackageDescription,
  PackageOriginConfiguration,
  PackageSummary,
} from '@aws-sdk/client-codeartifact';
import { namespaceOf } from './package-coordinates';
import type { PackageRow } from './package-records';

export function originConfiguration(
  row: Pick<PackageRow, 'publish' | 'upstream'>,
): PackageOriginConfiguration {
  return { restrictions: { publish: row.publish, upstream: row.upstream } };
}

export function packageSummary(row: PackageRow): PackageSummary {
  return {
    format: row.format,
    namespace: namespaceOf(row),
    package: row.name,
    originConfiguration: originConfiguration(row),
  };
}

export function packageDescription(row: PackageRow): PackageDescription {
  return {
    format: row.format,
    namespace: namespaceOf(row),
    name: row.name,
    originConfiguration: originConfiguration(row),
  };
}
