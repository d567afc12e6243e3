/**
 * Whether a version is one a format's client skips when it picks "latest" without being asked for
 * pre-releases. The rules are the ecosystems' own, through the libraries they are defined by:
 * - npm, Cargo, Swift: SemVer pre-release identifiers (`semver`);
 * - PyPI: PEP 440 pre-releases and development releases (`@renovatebot/pep440`, as pip decides);
 * - Maven: a SNAPSHOT (maven-metadata's `<release>` is the highest version that is not one).
 * A version the format's library cannot read counts as a release. Other formats have none here.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type * as Pep440 from '@renovatebot/pep440';
import type semverModule from 'semver';
import { deferredModule } from '../../deferred-require';

const semver = deferredModule<typeof semverModule>('semver');
const pep440 = deferredModule<typeof Pep440>('@renovatebot/pep440');

export function isPreRelease(format: PackageFormat, version: string): boolean {
  switch (format) {
    case 'npm':
    case 'cargo':
    case 'swift':
      return (semver().prerelease(version)?.length ?? 0) > 0;
    case 'pypi':
      return pep440().explain(version)?.is_prerelease ?? false;
    case 'maven':
      return version.endsWith('-SNAPSHOT');
    default:
      return false;
  }
}
