/**
 * What a path of the Maven repository layout names. Files live at
 * `{group/as/folders}/{artifactId}/{version}/{file}`, the artifact's metadata at
 * `{group}/{artifactId}/maven-metadata.xml`, a SNAPSHOT's build metadata at
 * `{group}/{artifactId}/{base}-SNAPSHOT/maven-metadata.xml`; each of them may carry a checksum
 * suffix. Only timestamped SNAPSHOT files are stored: `foo-1.0-20240101.120000-1.jar` belongs to the
 * build version `1.0-20240101.120000-1`, which is how snapshot builds are kept (see snapshots.ts).
 */
import { ValidationException } from '../../../engine/errors';

export const checksumAlgorithms = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

export interface MavenArtifactCoordinates {
  /** The groupId, dotted. */
  readonly groupId: string;
  readonly artifactId: string;
}

export type MavenPath =
  | (MavenArtifactCoordinates & {
      readonly kind: 'file';
      /** The folder's version (`1.0`, `1.0-SNAPSHOT`). */
      readonly folderVersion: string;
      /** The package version the file belongs to (the build version for snapshot files). */
      readonly version: string;
      readonly fileName: string;
      readonly checksum?: ChecksumAlgorithm;
    })
  | (MavenArtifactCoordinates & {
      readonly kind: 'artifact-metadata';
      readonly checksum?: ChecksumAlgorithm;
    })
  | (MavenArtifactCoordinates & {
      readonly kind: 'snapshot-metadata';
      /** `1.0-SNAPSHOT`. */
      readonly folderVersion: string;
      readonly checksum?: ChecksumAlgorithm;
    });

const metadataName = 'maven-metadata.xml';
const snapshotSuffix = '-SNAPSHOT';
/** `{base}-{yyyyMMdd.HHmmss}-{buildNumber}`: the version a timestamped snapshot build is stored as. */
const buildPattern = /^(.+)-(\d{8}\.\d{6})-(\d+)$/;

export function isSnapshotFolder(version: string): boolean {
  return version.endsWith(snapshotSuffix) && version.length > snapshotSuffix.length;
}

export interface SnapshotBuild {
  /** `1.0` for `1.0-20240101.120000-1`. */
  readonly base: string;
  readonly timestamp: string;
  readonly buildNumber: number;
}

export function parseBuildVersion(version: string): SnapshotBuild | undefined {
  const match = buildPattern.exec(version);
  if (!match) return undefined;
  const [, base = '', timestamp = '', build = '0'] = match;
  return { base, timestamp, buildNumber: Number(build) };
}

export function buildVersion(base: string, timestamp: string, buildNumber: number): string {
  return `${base}-${timestamp}-${buildNumber}`;
}

/** The folder version a stored version is listed under: builds under their `-SNAPSHOT` folder. */
export function folderVersionOf(version: string): string {
  const build = parseBuildVersion(version);
  return build ? `${build.base}${snapshotSuffix}` : version;
}

/** The longest name the API accepts for a package, namespace, version or asset. */
const maxSegmentLength = 255;

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new ValidationException(`The path segment '${segment}' is not valid percent-encoding.`);
  }
  if (
    decoded === '' ||
    decoded === '.' ||
    decoded === '..' ||
    decoded.length > maxSegmentLength ||
    /[/\\]/.test(decoded) ||
    [...decoded].some((char) => (char.codePointAt(0) ?? 0) < 0x20)
  ) {
    const shown = decoded.length > 80 ? `${decoded.slice(0, 80)}…` : decoded;
    throw new ValidationException(
      decoded.length > maxSegmentLength
        ? `The path segment '${shown}' is ${decoded.length} characters long; a Maven repository path allows at most ${maxSegmentLength} per segment.`
        : `'${shown}' is not a valid segment of a Maven repository path (no empty, '.' or '..' segments, slashes or control characters).`,
    );
  }
  return decoded;
}

function splitChecksum(name: string): { name: string; checksum?: ChecksumAlgorithm } {
  for (const algorithm of checksumAlgorithms) {
    const suffix = `.${algorithm}`;
    if (name.endsWith(suffix) && name.length > suffix.length)
      return { name: name.slice(0, -suffix.length), checksum: algorithm };
  }
  return { name };
}

/**
 * Parses the part of the URL after the repository endpoint. Undefined for paths that cannot name
 * anything in the layout (too short), which answer 404.
 */
export function parseMavenPath(path: string): MavenPath | undefined {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return undefined;
  const segments = trimmed.split('/').map(decodeSegment);
  const last = segments[segments.length - 1] ?? '';
  const { name, checksum } = splitChecksum(last);
  if (name === metadataName) {
    const folder = segments[segments.length - 2];
    if (folder !== undefined && isSnapshotFolder(folder) && segments.length >= 4) {
      return {
        kind: 'snapshot-metadata',
        groupId: segments.slice(0, -3).join('.'),
        artifactId: segments[segments.length - 3] ?? '',
        folderVersion: folder,
        checksum,
      };
    }
    if (segments.length < 3) return undefined;
    return {
      kind: 'artifact-metadata',
      groupId: segments.slice(0, -2).join('.'),
      artifactId: segments[segments.length - 2] ?? '',
      checksum,
    };
  }
  if (segments.length < 4) return undefined;
  const artifactId = segments[segments.length - 3] ?? '';
  const folderVersion = segments[segments.length - 2] ?? '';
  const groupId = segments.slice(0, -3).join('.');
  let version = folderVersion;
  if (isSnapshotFolder(folderVersion)) {
    const base = folderVersion.slice(0, -snapshotSuffix.length);
    const prefix = `${artifactId}-${base}-`;
    const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    const match = /^(\d{8}\.\d{6})-(\d+)(?=[-.])/.exec(rest);
    if (!match) {
      return {
        kind: 'file',
        groupId,
        artifactId,
        folderVersion,
        version: folderVersion,
        fileName: name,
        checksum,
      };
    }
    version = buildVersion(base, match[1] ?? '', Number(match[2]));
  }
  return { kind: 'file', groupId, artifactId, folderVersion, version, fileName: name, checksum };
}

/** Whether a file of a SNAPSHOT folder names a timestamped build (the only kind stored). */
export function isTimestampedSnapshotFile(path: Extract<MavenPath, { kind: 'file' }>): boolean {
  return !isSnapshotFolder(path.folderVersion) || path.version !== path.folderVersion;
}

/** The repository path of a file, percent-encoded, for fetching it from an upstream repository. */
export function layoutPath(path: string): string {
  return path
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)))
    .join('/');
}
