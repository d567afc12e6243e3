/**
 * A version's metadata as the CodeArtifact API reports it on either side (description, readme,
 * dependencies, publish time): what a pull writes here and what a push sends beside the files.
 */
import type { PackageVersionDescription } from '@aws-sdk/client-codeartifact';
import type { DependencyEntry, VersionMetadata } from '../engine/packages/package-records';
import { versionInput, type Side, type VersionRef } from './inventory';
import { isNotFound } from './remote-api';

/** A version's metadata on one side: the description already read, its readme and dependencies. */
export async function readVersionMetadata(
  remote: Side,
  ref: VersionRef,
  described: PackageVersionDescription | undefined,
): Promise<VersionMetadata & { published?: Date }> {
  const input = versionInput(remote, ref);
  const readmeOf = async (): Promise<string | undefined> => {
    try {
      return (await remote.call('GetPackageVersionReadme', input)).readme;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const dependenciesOf = async (): Promise<DependencyEntry[]> => {
    const dependencies: DependencyEntry[] = [];
    let nextToken: string | undefined;
    do {
      const page = await remote.call('ListPackageVersionDependencies', {
        ...input,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const d of page.dependencies ?? []) {
        if (!d.package) continue;
        dependencies.push({
          ...(d.namespace ? { namespace: d.namespace } : {}),
          package: d.package,
          ...(d.dependencyType ? { dependencyType: d.dependencyType } : {}),
          ...(d.versionRequirement ? { versionRequirement: d.versionRequirement } : {}),
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return dependencies;
  };
  const [readme, dependencies] = await Promise.all([readmeOf(), dependenciesOf()]);
  return {
    ...(described?.displayName && described.displayName !== ref.package
      ? { displayName: described.displayName }
      : {}),
    ...(described?.summary ? { summary: described.summary } : {}),
    ...(described?.homePage ? { homePage: described.homePage } : {}),
    ...(described?.sourceCodeRepository ? { sourceCodeRepository: described.sourceCodeRepository } : {}),
    ...(described?.licenses?.length
      ? {
          licenses: described.licenses.map((l) => ({
            ...(l.name ? { name: l.name } : {}),
            ...(l.url ? { url: l.url } : {}),
          })),
        }
      : {}),
    ...(readme ? { readme } : {}),
    ...(dependencies.length > 0 ? { dependencies } : {}),
    ...(described?.publishedTime ? { published: described.publishedTime } : {}),
  };
}
