/**
 * A Swift package release as SE-0292 publishes it: the source archive (a zip, read through the shared
 * archive reader, whose limits refuse traversal and decompression bombs) must hold `Package.swift`
 * at its root or in its one top folder; the optional metadata document is a JSON object. What the
 * registry serves later (the manifests, the metadata, the repository URLs for identifier lookups) is
 * kept with the archive as a blob fact.
 */
import { readArchiveFiles } from '../../../archives';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { FormatProblem } from '../format-errors';

/** The largest source archive taken. */
export const maxSourceArchiveBytes = 256 * 1024 * 1024;

export const swiftReleaseFact = 'swift-release';

/** What is recorded with a source archive (blob_facts): the release read from it, and its digest. */
export function swiftArchiveFacts(release: SwiftRelease, sha256: string): Record<string, string> {
  return { [swiftReleaseFact]: JSON.stringify({ ...release, sha256 }) };
}

export interface SwiftRelease {
  /** `Package.swift` and `Package@swift-X.swift` manifests by file name. */
  readonly manifests: Record<string, string>;
  readonly metadata: Record<string, unknown>;
  readonly readme?: string;
}

const scopePattern = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9]|[-_](?=[A-Za-z0-9])){0,99}$/;
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export const isSwiftScope = (scope: string): boolean => scopePattern.test(scope);
export const isSwiftName = (name: string): boolean => namePattern.test(name);
export const isSwiftVersion = (version: string): boolean =>
  version.length <= 256 && semverPattern.test(version);

const manifestName = /^Package(?:@swift-[0-9.]+)?\.swift$/;

/** The path inside the archive without its one top folder, when it has one. */
function relativeToRoot(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

export async function readSourceArchive(
  archive: Buffer,
  metadataJson: string | undefined,
): Promise<SwiftRelease> {
  const what = 'The source archive';
  let metadata: Record<string, unknown> = {};
  if (metadataJson !== undefined && metadataJson.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadataJson);
    } catch {
      throw new FormatProblem(422, 'The release metadata is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new FormatProblem(422, 'The release metadata must be a JSON object.');
    metadata = parsed as Record<string, unknown>;
  }
  const files = await readArchiveFiles(
    archive,
    'zip',
    (entry) => {
      const inner = relativeToRoot(entry.path);
      return (
        !inner.includes('/') &&
        (manifestName.test(inner) || manifestName.test(entry.path) || /^readme(\.md)?$/i.test(inner))
      );
    },
    { what },
  );
  const manifests: Record<string, string> = {};
  let readme: string | undefined;
  for (const [path, bytes] of files) {
    const base = manifestName.test(path) ? path : relativeToRoot(path);
    if (manifestName.test(base)) manifests[base] ??= bytes.toString('utf8');
    else readme ??= bytes.toString('utf8');
  }
  if (!manifests['Package.swift'])
    throw new FormatProblem(422, `${what} has no Package.swift at its root or in its top folder.`);
  return { manifests, metadata, readme };
}

function stringField(metadata: Record<string, unknown>, name: string): string | undefined {
  const value = metadata[name];
  return typeof value === 'string' ? value : undefined;
}

export function repositoryUrlsOf(metadata: Record<string, unknown>): string[] {
  const urls = metadata.repositoryURLs;
  return Array.isArray(urls) ? urls.filter((url): url is string => typeof url === 'string') : [];
}

export function versionMetadataOf(release: SwiftRelease): VersionMetadata {
  const { metadata } = release;
  const license = stringField(metadata, 'licenseURL');
  return {
    summary: stringField(metadata, 'description'),
    homePage: stringField(metadata, 'readmeURL'),
    sourceCodeRepository: repositoryUrlsOf(metadata)[0],
    licenses: license ? [{ url: license }] : undefined,
    readme: release.readme,
  };
}
