/**
 * The local Maven repository (`~/.m2/repository`) as a seed source. Its layout is
 * `<group path>/<artifactId>/<version>/<artifactId>-<version>[-classifier].<ext>`; every version
 * folder's artifact files are published as one Maven version, the POM giving its metadata.
 *
 * Left out: Maven's own bookkeeping (`_remote.repositories`, `*.lastUpdated`,
 * `maven-metadata-*.xml`, `resolver-status.properties`) and checksum files, which are checked instead:
 * a file whose `.sha1` (or `.sha256`, `.sha512`, `.md5`) disagrees with its bytes leaves its version
 * out. SNAPSHOT folders: timestamped builds (`a-1.0-20240101.120000-1.jar`, what a download from a
 * repository leaves) are imported as their build version, as a deploy would store them; the
 * `a-1.0-SNAPSHOT.jar` files `mvn install` writes carry no build timestamp and are skipped with a
 * reason. Symbolic links are never followed, so nothing outside the folder is read.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SeedEntry } from '../../shared/seed';
import { storeAssetBlob, type StoredBlob } from '../engine/assets/asset-blobs';
import type { EngineContext } from '../engine/context';
import { publishFormatVersion } from '../engine/package-versions/publish-format-version';
import type { VersionMetadata } from '../engine/packages/package-records';
import { pomMetadata } from '../http/formats/maven/pom-metadata';
import { mapLimited } from './kit-work';
import { seedSkipped, seedVersion, type SeedAsset, type SeedCounter, type SeedTarget } from './seed-work';

/** Deepest folder the walk enters (group paths are a handful of segments deep). */
const maxDepth = 48;
const seedConcurrency = 4;
const maxPomBytes = 16 * 1024 * 1024;
const checksumExtensions = ['sha512', 'sha256', 'sha1', 'md5'] as const;
const bookkeeping =
  /^(_remote\.repositories|resolver-status\.properties|maven-metadata.*\.xml)$|\.lastUpdated$/;
const buildPattern = /^(\d{8}\.\d{6})-(\d+)/;

export interface MavenVersionFolder {
  readonly folder: string;
  readonly groupId: string;
  readonly artifactId: string;
  /** The folder's name (`1.0`, `1.0-SNAPSHOT`). */
  readonly version: string;
  readonly files: readonly string[];
}

/** One version to import: a release folder, or one timestamped build of a SNAPSHOT folder. */
interface MavenImport {
  readonly folder: MavenVersionFolder;
  readonly version: string;
  readonly files: readonly string[];
  /** Why it is skipped without reading (untimestamped SNAPSHOT files). */
  readonly skip?: string;
}

/** Every version folder under `root`: a folder holding `<artifactId>-<version>…` files. */
export async function listMavenVersions(root: string): Promise<MavenVersionFolder[]> {
  const found: MavenVersionFolder[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return;
    }
    const files: string[] = [];
    const folders: string[] = [];
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const info = await lstat(join(folder, name)).catch(() => undefined);
      if (info?.isDirectory()) folders.push(name);
      else if (info?.isFile()) files.push(name);
    }
    const segments = relative(root, folder).split(sep).filter(Boolean);
    if (segments.length >= 3) {
      const version = segments[segments.length - 1] ?? '';
      const artifactId = segments[segments.length - 2] ?? '';
      const base = version.replace(/-SNAPSHOT$/, '');
      const own = files.filter((name) => name.startsWith(`${artifactId}-${base}`));
      if (own.length > 0) {
        found.push({ folder, groupId: segments.slice(0, -2).join('.'), artifactId, version, files: own });
        return;
      }
    }
    if (depth >= maxDepth) return;
    for (const name of folders) await walk(join(folder, name), depth + 1);
  };
  await walk(root, 0);
  return found;
}

function isChecksum(name: string): boolean {
  return checksumExtensions.some((extension) => name.endsWith(`.${extension}`));
}

/** A folder's versions to import: the release itself, or each timestamped build of a SNAPSHOT. */
function importsOf(folder: MavenVersionFolder): MavenImport[] {
  const artifacts = folder.files.filter((name) => !bookkeeping.test(name) && !isChecksum(name));
  if (!folder.version.endsWith('-SNAPSHOT')) {
    const own = artifacts.filter((name) =>
      /^[-.]/.test(name.slice(`${folder.artifactId}-${folder.version}`.length)),
    );
    return own.length > 0 ? [{ folder, version: folder.version, files: own }] : [];
  }
  const base = folder.version.slice(0, -'-SNAPSHOT'.length);
  const builds = new Map<string, string[]>();
  const untimestamped: string[] = [];
  for (const name of artifacts) {
    const rest = name.slice(`${folder.artifactId}-${base}-`.length);
    const build = buildPattern.exec(rest);
    if (!build) {
      untimestamped.push(name);
      continue;
    }
    const version = `${base}-${build[1]}-${build[2]}`;
    builds.set(version, [...(builds.get(version) ?? []), name]);
  }
  const imports: MavenImport[] = [...builds].map(([version, files]) => ({ folder, version, files }));
  if (untimestamped.length > 0 && builds.size === 0) {
    imports.push({
      folder,
      version: folder.version,
      files: untimestamped,
      skip: 'a SNAPSHOT installed locally (no timestamped build); deploy it to the repository with mvn deploy instead',
    });
  }
  return imports;
}

/** The checksum a sibling file states for `name`, checked against the stored blob's digests. */
async function checksumProblem(folder: string, name: string, blob: StoredBlob, present: ReadonlySet<string>) {
  for (const extension of checksumExtensions) {
    if (!present.has(`${name}.${extension}`)) continue;
    const text = await readFile(join(folder, `${name}.${extension}`), 'utf8').catch(() => '');
    const stated = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const actual = blob.hashes[extension];
    if (stated !== actual)
      return `${name} does not match its .${extension} file (${stated || 'empty'} ≠ ${actual})`;
    return undefined;
  }
  return undefined;
}

async function seedMavenVersion(
  ctx: EngineContext,
  target: SeedTarget,
  item: MavenImport,
): Promise<SeedEntry> {
  const { folder } = item;
  const label = `${folder.groupId}:${folder.artifactId}`;
  if (item.skip) return seedSkipped('maven', label, item.version, item.skip);
  const present = new Set(folder.files);
  const assets: SeedAsset[] = [];
  const releaseAll = () => Promise.all(assets.map((asset) => asset.blob.release()));
  let metadata: VersionMetadata | undefined;
  try {
    for (const name of item.files) {
      const path = join(folder.folder, name);
      const blob = await storeAssetBlob(ctx, target.domain, createReadStream(path));
      assets.push({ name, blob });
      const problem = await checksumProblem(folder.folder, name, blob, present);
      if (problem) {
        await releaseAll();
        return seedSkipped('maven', label, item.version, problem);
      }
      if (name.endsWith('.pom')) {
        if (blob.hashes.size > maxPomBytes) throw new Error(`${name} is larger than 16 MiB`);
        metadata = pomMetadata(await readFile(path, 'utf8'));
      }
    }
  } catch (error) {
    await releaseAll();
    return seedSkipped('maven', label, item.version, `cannot be read: ${(error as Error).message}`);
  }
  const pkg = { ...target, format: 'maven' as const, namespace: folder.groupId, package: folder.artifactId };
  return seedVersion(ctx, {
    format: 'maven',
    label,
    pkg,
    version: item.version,
    assets,
    publish: () =>
      publishFormatVersion(ctx, {
        ...pkg,
        version: item.version,
        assets,
        status: 'Published',
        ...(metadata ? { metadata } : {}),
      }),
  });
}

export async function seedMavenRepository(
  ctx: EngineContext,
  target: SeedTarget,
  root: string,
  progress: SeedCounter,
): Promise<SeedEntry[]> {
  const imports = (await listMavenVersions(root)).flatMap(importsOf);
  progress.grow(imports.length);
  return mapLimited(imports, seedConcurrency, async (item) => {
    const entry = await seedMavenVersion(ctx, target, item);
    progress.finish(`${entry.name}:${entry.version}`);
    return entry;
  });
}
