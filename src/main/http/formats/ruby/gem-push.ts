/**
 * `gem push` (POST `api/v1/gems`, the `.gem` as the body). The gem is read whole before anything is
 * stored; its specification is kept with the file (blob_facts) for the compact index and the Marshal
 * specification, and its summary, description, licences, home page, README and dependencies become
 * the version's metadata.
 */
import { Readable } from 'node:stream';
import { publishFormatVersion, storeAssetBlob } from '../../../engine';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { readBody } from '../../read-body';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { gemFileFacts } from './compact-index';
import { readGemFile } from './gem-file';
import { gemFileName, packageVersionOf, requirementText, type GemSpec } from './gem-spec';

export const maxGemBytes = 64 * 1024 * 1024;

/** What the CodeArtifact API reports of a gem version, from its specification and README. */
export function metadataOf(spec: GemSpec, readme: string | undefined): VersionMetadata {
  return {
    displayName: spec.name,
    summary: spec.summary || spec.description,
    homePage: spec.homepage,
    sourceCodeRepository: spec.metadata.source_code_uri,
    licenses: spec.licenses.map((name) => ({ name })),
    readme,
    dependencies: spec.dependencies.map((dep) => ({
      package: dep.name,
      dependencyType: dep.type,
      versionRequirement: requirementText(dep.requirement),
    })),
  };
}

export async function handlePush(request: FormatRequest): Promise<string> {
  const { ctx } = request;
  const body = await readBody(request.req, maxGemBytes);
  if (body.length === 0) throw new FormatProblem(400, 'The push has no gem in its body.');
  const { spec, readme } = await readGemFile(body, 'The pushed gem');
  const stored = await storeAssetBlob(ctx, request.domain.name, Readable.from([body]));
  const blob = {
    ...stored,
    facts: gemFileFacts(spec, stored.hashes.sha256),
  };
  await publishFormatVersion(ctx, {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'ruby',
    package: spec.name,
    version: packageVersionOf(spec),
    assets: [{ name: gemFileName(spec), blob }],
    metadata: metadataOf(spec, readme),
  });
  return `Successfully registered gem: ${spec.name} (${packageVersionOf(spec)})`;
}
