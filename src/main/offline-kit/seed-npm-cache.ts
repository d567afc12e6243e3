/**
 * The npm cache as a seed source. npm keeps every registry response it fetched in a cacache folder
 * (`_cacache`): index buckets name each entry's key (`make-fetch-happen:request-cache:<url>`) and
 * the integrity of its content, kept under `content-v2/<algorithm>/<hex path>`. cacache itself
 * lists the index (checking each line's own hash) and reads content by integrity (checking the
 * bytes as they stream), so a damaged or missing file is an error here, not an import.
 *
 * Every cached tarball (a `/-/<file>.tgz` URL) is read; its package.json names the package and the
 * version, and it is published through npm's own publish path. Packuments are not imported: the
 * repository builds its own from the versions it holds.
 */
import { Readable } from 'node:stream';
import type * as Cacache from 'cacache';
import type * as Semver from 'semver';
import type { SeedEntry } from '../../shared/seed';
import { storeAssetBlob } from '../engine/assets/asset-blobs';
import type { EngineContext } from '../engine/context';
import { listDistTags, setDistTag } from '../engine/packages/dist-tags';
import { npmAssetName, publishNpmTarball } from '../http/formats/npm/npm-publish';
import { npmPackageRequest, parseNpmName, type NpmName } from '../http/formats/npm/npm-names';
import { readTarballFiles } from '../http/formats/npm/tarball-reader';
import { deferredModule } from '../deferred-require';
import { mapLimited } from './kit-work';
import { seedSkipped, seedVersion, type SeedCounter, type SeedTarget } from './seed-work';

const cacacheModule = deferredModule<typeof Cacache>('cacache');
const semverModule = deferredModule<typeof Semver>('semver');

const requestCacheKey = 'make-fetch-happen:request-cache:';
/** Tarballs read and published at once (each streams from disk into the blob store). */
const seedConcurrency = 4;
/** A cached tarball is read into memory to check it; larger ones are left out. */
const maxTarballBytes = 512 * 1024 * 1024;

export interface CachedTarball {
  readonly url: string;
  readonly integrity: string;
}

/** The cached tarballs in a `_cacache` folder, one per content (the same bytes under two URLs count once). */
export async function listCachedTarballs(cachePath: string): Promise<CachedTarball[]> {
  const index = await cacacheModule().ls(cachePath);
  const byIntegrity = new Map<string, CachedTarball>();
  for (const entry of Object.values(index)) {
    if (!entry.key.startsWith(requestCacheKey) || typeof entry.integrity !== 'string') continue;
    const url = entry.key.slice(requestCacheKey.length);
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      continue;
    }
    if (!/\/-\/[^/]+\.tgz$/.test(path)) continue;
    if (!byIntegrity.has(entry.integrity))
      byIntegrity.set(entry.integrity, { url, integrity: entry.integrity });
  }
  return [...byIntegrity.values()].sort((a, b) => a.url.localeCompare(b.url));
}

function fileOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
  } catch {
    return url;
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EINTEGRITY')
    return 'its cached content is damaged (it does not match the integrity npm recorded)';
  if (code === 'ENOENT') return 'its cached content is missing from the cache folder';
  if (code === 'EBADSIZE') return 'its cached content has the wrong size';
  return `its cached content cannot be read: ${(error as Error).message}`;
}

interface Imported {
  readonly entry: SeedEntry;
  readonly name?: NpmName;
}

async function seedTarball(
  ctx: EngineContext,
  target: SeedTarget,
  cachePath: string,
  tarball: CachedTarball,
): Promise<Imported> {
  const file = fileOf(tarball.url);
  let blob;
  try {
    const held = await cacacheModule().get.hasContent(cachePath, tarball.integrity);
    if (!held) throw Object.assign(new Error('no content'), { code: 'ENOENT' });
    if (held.size > maxTarballBytes)
      return {
        entry: seedSkipped('npm', file, '', `${file} is larger than ${maxTarballBytes / 1024 / 1024} MiB`),
      };
    // Read whole (cacache checks the integrity) rather than streamed: a damaged file is a rejection.
    const bytes = await cacacheModule().get.byDigest(cachePath, tarball.integrity, { memoize: false });
    blob = await storeAssetBlob(ctx, target.domain, Readable.from([bytes]));
  } catch (error) {
    return { entry: seedSkipped('npm', file, '', `${file}: ${reasonOf(error)}`) };
  }
  try {
    const files = await readTarballFiles(
      ctx.store.blobs.open(target.domain, blob.hashes.sha256),
      `The cached tarball ${file}`,
    );
    const manifest = files.manifest;
    const name = typeof manifest?.name === 'string' ? parseNpmName(manifest.name) : undefined;
    const version = typeof manifest?.version === 'string' ? semverModule().valid(manifest.version) : null;
    if (!manifest || !name || !version) {
      await blob.release();
      return {
        entry: seedSkipped(
          'npm',
          file,
          '',
          `${file} has no package.json naming a valid package name and version`,
        ),
      };
    }
    const stored = blob;
    blob = undefined;
    const entry = await seedVersion(ctx, {
      format: 'npm',
      label: name.full,
      pkg: { ...target, ...npmPackageRequest(name) },
      version,
      assets: [{ name: npmAssetName, blob: stored }],
      publish: () =>
        publishNpmTarball(ctx, {
          target,
          name,
          version,
          blob: stored,
          packageJson: manifest,
          ...(files.readme !== undefined ? { readme: files.readme } : {}),
          distTags: [],
        }),
    });
    return { entry, name };
  } catch (error) {
    await blob?.release();
    return {
      entry: seedSkipped(
        'npm',
        file,
        '',
        `${file} is not a readable package tarball: ${(error as Error).message}`,
      ),
    };
  }
}

/**
 * Points `latest` of each package the seed imported at its highest release (its highest version
 * when all are pre-releases), unless the repository's `latest` is already that high.
 */
function tagLatest(ctx: EngineContext, target: SeedTarget, imported: readonly Imported[]): void {
  const versions = new Map<string, { name: NpmName; versions: string[] }>();
  for (const { entry, name } of imported) {
    if (!name || entry.outcome !== 'imported') continue;
    const item = versions.get(name.full) ?? { name, versions: [] };
    item.versions.push(entry.version);
    versions.set(name.full, item);
  }
  for (const { name, versions: list } of versions.values()) {
    const sorted = [...list].sort(semverModule().rcompare);
    const highest = sorted.find((version) => semverModule().prerelease(version) === null) ?? sorted[0];
    if (!highest) continue;
    const pkg = { ...target, ...npmPackageRequest(name) };
    const current = listDistTags(ctx, pkg)['latest'];
    if (current && semverModule().valid(current) && semverModule().gte(current, highest)) continue;
    setDistTag(ctx, { ...pkg, tag: 'latest', version: highest });
  }
}

export async function seedNpmCache(
  ctx: EngineContext,
  target: SeedTarget,
  cachePath: string,
  progress: SeedCounter,
): Promise<SeedEntry[]> {
  const tarballs = await listCachedTarballs(cachePath);
  progress.grow(tarballs.length);
  const imported = await mapLimited(tarballs, seedConcurrency, async (tarball) => {
    const result = await seedTarball(ctx, target, cachePath, tarball);
    progress.finish(`${result.entry.name}${result.entry.version ? `@${result.entry.version}` : ''}`);
    return result;
  });
  tagLatest(ctx, target, imported);
  return imported.map((item) => item.entry);
}
