/**
 * One rule for every way content arrives (the format endpoints, external ingestion): a version and
 * its assets are only stored under names that GetPackageVersionAsset accepts, so everything accepted
 * can be downloaded again. The API model is the judge (lengths 1–255, printable characters); on top,
 * an asset name is a plain file name.
 */
import { apiModel } from '../../../shared/api-model';
import { findViolations, formatViolations } from '../../../shared/api-model/validate';
import { ValidationException } from '../errors';
import { describeCoordinates, type PackageCoordinates } from '../packages/package-coordinates';

function isFileName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  return [...name].every((char) => char !== '/' && char !== '\\' && (char.codePointAt(0) ?? 0) >= 0x20);
}

/** The members a stored name becomes; domain and repository are checked where they are created. */
const nameMembers = new Set(['namespace', 'package', 'packageVersion', 'asset']);

function violations(input: Record<string, unknown>): string | undefined {
  const found = findViolations(apiModel.GetPackageVersionAsset.input, input).filter((violation) =>
    nameMembers.has(violation.path),
  );
  return found.length === 0 ? undefined : formatViolations(found);
}

export function assertDownloadableNames(
  coordinates: PackageCoordinates,
  version: string,
  assetNames: readonly string[],
): void {
  const full = `${describeCoordinates(coordinates)} ${version}`;
  const label = full.length > 200 ? `${full.slice(0, 200)}…` : full;
  const request = {
    format: coordinates.format,
    namespace: coordinates.namespace === '' ? undefined : coordinates.namespace,
    package: coordinates.name,
    packageVersion: version,
  };
  const problem = (assetNames.length === 0 ? ['asset'] : assetNames)
    .map((asset) => violations({ ...request, asset }))
    .find(Boolean);
  if (problem !== undefined) {
    throw new ValidationException(
      `${label} cannot be stored under names the API could not serve: ${problem}`,
    );
  }
  const badName = assetNames.find((name) => !isFileName(name));
  if (badName !== undefined) {
    throw new ValidationException(`${label}: asset names must be plain file names ('${badName}' is not).`);
  }
}
