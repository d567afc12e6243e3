/**
 * maven-metadata.xml, both ways: rendering the files clients read (an artifact's version list, a
 * SNAPSHOT's current build with its files) and reading the ones `mvn deploy` uploads, which say
 * which version (or which snapshot build) the deploy just finished.
 */
import { ValidationException } from '../../../engine/errors';
import { sortVersionsByKey, versionSortKey } from '../../../engine/package-versions/version-order';
import { child, childText, childrenNamed, escapeXml, parseXml } from '../../../documents/xml-document';

/** `yyyyMMddHHmmss` in UTC, the form of `lastUpdated`. */
export function lastUpdatedStamp(time: Date): string {
  return time.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Distinct versions in Maven's order; `sortKeys` may give keys already known (stored ones). */
export function sortMavenVersions(
  versions: Iterable<string>,
  sortKeys?: ReadonlyMap<string, string>,
): string[] {
  return sortVersionsByKey(
    [...new Set(versions)].map((version) => [
      version,
      sortKeys?.get(version) ?? versionSortKey('maven', version),
    ]),
  );
}

export interface ArtifactMetadata {
  readonly groupId: string;
  readonly artifactId: string;
  readonly versions: readonly string[];
  /** Sort keys of some of the versions, when known (stored versions carry theirs). */
  readonly sortKeys?: ReadonlyMap<string, string>;
  readonly lastUpdated: string;
}

export function renderArtifactMetadata(metadata: ArtifactMetadata): string {
  const versions = sortMavenVersions(metadata.versions, metadata.sortKeys);
  const latest = versions[versions.length - 1];
  const release = [...versions].reverse().find((version) => !version.endsWith('-SNAPSHOT'));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata>',
    `  <groupId>${escapeXml(metadata.groupId)}</groupId>`,
    `  <artifactId>${escapeXml(metadata.artifactId)}</artifactId>`,
    '  <versioning>',
    ...(latest ? [`    <latest>${escapeXml(latest)}</latest>`] : []),
    ...(release ? [`    <release>${escapeXml(release)}</release>`] : []),
    '    <versions>',
    ...versions.map((version) => `      <version>${escapeXml(version)}</version>`),
    '    </versions>',
    `    <lastUpdated>${metadata.lastUpdated}</lastUpdated>`,
    '  </versioning>',
    '</metadata>',
    '',
  ];
  return lines.join('\n');
}

export interface SnapshotFile {
  readonly classifier?: string;
  readonly extension: string;
  readonly value: string;
  readonly updated: string;
}

export interface SnapshotMetadata {
  readonly groupId: string;
  readonly artifactId: string;
  /** `1.0-SNAPSHOT`. */
  readonly version: string;
  readonly timestamp: string;
  readonly buildNumber: number;
  readonly lastUpdated: string;
  readonly files: readonly SnapshotFile[];
}

export function renderSnapshotMetadata(metadata: SnapshotMetadata): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata modelVersion="1.1.0">',
    `  <groupId>${escapeXml(metadata.groupId)}</groupId>`,
    `  <artifactId>${escapeXml(metadata.artifactId)}</artifactId>`,
    `  <version>${escapeXml(metadata.version)}</version>`,
    '  <versioning>',
    '    <snapshot>',
    `      <timestamp>${metadata.timestamp}</timestamp>`,
    `      <buildNumber>${metadata.buildNumber}</buildNumber>`,
    '    </snapshot>',
    `    <lastUpdated>${metadata.lastUpdated}</lastUpdated>`,
    '    <snapshotVersions>',
    ...metadata.files.flatMap((file) => [
      '      <snapshotVersion>',
      ...(file.classifier ? [`        <classifier>${escapeXml(file.classifier)}</classifier>`] : []),
      `        <extension>${escapeXml(file.extension)}</extension>`,
      `        <value>${escapeXml(file.value)}</value>`,
      `        <updated>${file.updated}</updated>`,
      '      </snapshotVersion>',
    ]),
    '    </snapshotVersions>',
    '  </versioning>',
    '</metadata>',
    '',
  ];
  return lines.join('\n');
}

export interface UploadedMetadata {
  readonly groupId?: string;
  readonly artifactId?: string;
  /** The artifact's version list. */
  readonly versions: string[];
  /** For a SNAPSHOT's metadata: its folder version and current build. */
  readonly snapshot?: { readonly version?: string; readonly timestamp: string; readonly buildNumber: number };
  readonly lastUpdated?: string;
}

export function parseUploadedMetadata(text: string): UploadedMetadata {
  const root = parseXml(text, 'maven-metadata.xml');
  if (root.name !== 'metadata')
    throw new ValidationException('maven-metadata.xml must have a <metadata> root element.');
  const versioning = child(root, 'versioning');
  const versions = childrenNamed(child(versioning, 'versions'), 'version')
    .map((version) => version.text.trim())
    .filter((version) => version !== '');
  const single = childText(root, 'version');
  if (single && !versions.includes(single) && !child(versioning, 'snapshot')) versions.push(single);
  const snapshot = child(versioning, 'snapshot');
  const timestamp = childText(snapshot, 'timestamp');
  const buildNumber = Number(childText(snapshot, 'buildNumber') ?? NaN);
  return {
    groupId: childText(root, 'groupId'),
    artifactId: childText(root, 'artifactId'),
    versions,
    snapshot:
      timestamp && Number.isInteger(buildNumber) && buildNumber > 0
        ? { version: single, timestamp, buildNumber }
        : undefined,
    lastUpdated: childText(versioning, 'lastUpdated'),
  };
}

/** The file name of a snapshot build's file split into the parts snapshotVersions lists. */
export function snapshotFileParts(
  artifactId: string,
  buildVersion: string,
  fileName: string,
): { classifier?: string; extension: string } | undefined {
  const prefix = `${artifactId}-${buildVersion}`;
  if (!fileName.startsWith(prefix)) return undefined;
  const rest = fileName.slice(prefix.length);
  if (rest.startsWith('.') && rest.length > 1) return { extension: rest.slice(1) };
  const match = /^-([^.]+)\.(.+)$/.exec(rest);
  return match ? { classifier: match[1] ?? '', extension: match[2] ?? '' } : undefined;
}
