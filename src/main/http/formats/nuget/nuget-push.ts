/**
 * `dotnet nuget push` / `nuget push`: a PUT to the PackagePublish resource with the .nupkg as the
 * file of a multipart/form-data body (a bare .nupkg body is taken too). The package
 * is read whole before anything is stored; its nuspec is kept with the file (blob_facts) for the
 * registration and flat-container documents, and its texts, licence, readme and dependencies become
 * the version's metadata.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { publishFormatVersion, storeAssetBlob } from '../../../engine';
import { normaliseVersion } from '../../../engine/packages/package-coordinates';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { readBody } from '../../read-body';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { readMultipartParts } from '../multipart-parts';
import { readNupkg, type NupkgContents } from './nupkg';
import type { Nuspec } from './nuspec';

export const maxNupkgBytes = 256 * 1024 * 1024;
export const nuspecFact = 'nuget-nuspec';

/** What is recorded with a .nupkg file (blob_facts): its nuspec, parsed and as text. */
export function nupkgFileFacts({ nuspec, nuspecXml }: NupkgContents): Record<string, string> {
  return { [nuspecFact]: JSON.stringify({ nuspec, nuspecXml }) };
}

async function readMultipartFile(req: IncomingMessage): Promise<Buffer> {
  const parts = await readMultipartParts(req, maxNupkgBytes);
  const file = parts.values().next();
  if (file.done) throw new FormatProblem(400, 'The push carries no package file.');
  return file.value;
}

/** What the CodeArtifact API reports of a package version, from its nuspec and readme. */
export function metadataOf(nuspec: Nuspec, readme: string | undefined): VersionMetadata {
  const seen = new Set<string>();
  const dependencies = nuspec.dependencyGroups.flatMap((group) =>
    group.dependencies.flatMap((dependency) => {
      const key = `${dependency.id.toLowerCase()} ${dependency.range ?? ''}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ package: dependency.id.toLowerCase(), versionRequirement: dependency.range }];
    }),
  );
  return {
    displayName: nuspec.id,
    summary: nuspec.summary ?? nuspec.description,
    homePage: nuspec.projectUrl,
    sourceCodeRepository: nuspec.repositoryUrl,
    licenses: nuspec.licenseExpression
      ? [{ name: nuspec.licenseExpression }]
      : nuspec.licenseUrl
        ? [{ url: nuspec.licenseUrl }]
        : undefined,
    readme: readme ?? nuspec.description,
    dependencies,
  };
}

export async function handlePush(request: FormatRequest): Promise<void> {
  const { ctx, req } = request;
  const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
  const nupkg = multipart ? await readMultipartFile(req) : await readBody(req, maxNupkgBytes);
  const contents = await readNupkg(nupkg);
  const { nuspec, readme } = contents;
  const stored = await storeAssetBlob(ctx, request.domain.name, Readable.from([nupkg]));
  const blob = { ...stored, facts: nupkgFileFacts(contents) };
  const id = nuspec.id.toLowerCase();
  const version = normaliseVersion('nuget', nuspec.version).toLowerCase();
  const result = await publishFormatVersion(ctx, {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'nuget',
    package: nuspec.id,
    version: nuspec.version,
    assets: [{ name: `${id}.${version}.nupkg`, blob }],
    metadata: metadataOf(nuspec, readme),
  });
  request.res.writeHead(result.created ? 201 : 202, { 'Content-Length': 0 });
  request.res.end();
}
