/**
 * What a `.crate` file holds beyond its index entry, read through the shared archive reader (which
 * refuses broken gzip, bombs, links out of the archive and names that climb out of it): every entry
 * must sit in the crate's own `{name}-{version}/` folder, as `cargo package` writes it; the manifest
 * is that folder's `Cargo.toml` (the normalised one cargo writes, so plain strings rather than
 * workspace references), parsed with smol-toml, and the readme is the file its `readme` names (else
 * README.md, README.txt or README, as cargo looks for one).
 */
import type * as SmolToml from 'smol-toml';
import { deferredModule } from '../../../deferred-require';
import { readEntryBytes, walkArchive, type ArchiveSource } from '../../../archives';
import { FormatProblem } from '../format-errors';

const toml = deferredModule<typeof SmolToml>('smol-toml');

export interface CrateManifest {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly homepage?: string;
  readonly documentation?: string;
  readonly repository?: string;
  readonly license?: string;
}

export interface CrateContents {
  /** Undefined when the crate has no Cargo.toml. */
  readonly manifest?: CrateManifest;
  readonly readme?: string;
}

const maxManifestBytes = 1024 * 1024;
const maxReadmeBytes = 1024 * 1024;
const readmeDefaults = ['README.md', 'README.txt', 'README'];

function text(table: Record<string, unknown>, key: string): string | undefined {
  const value = table[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function parseManifest(bytes: Buffer, file: string): { manifest: CrateManifest; readme: unknown } {
  let document: Record<string, unknown>;
  try {
    document = toml().parse(bytes.toString('utf8'));
  } catch (error) {
    throw new FormatProblem(400, `${file}'s Cargo.toml is not valid TOML: ${(error as Error).message}`);
  }
  const table = document.package;
  if (typeof table !== 'object' || table === null || Array.isArray(table))
    throw new FormatProblem(400, `${file}'s Cargo.toml has no [package] table.`);
  const pkg = table as Record<string, unknown>;
  return {
    manifest: {
      name: text(pkg, 'name'),
      version: text(pkg, 'version'),
      description: text(pkg, 'description'),
      homepage: text(pkg, 'homepage'),
      documentation: text(pkg, 'documentation'),
      repository: text(pkg, 'repository'),
      license: text(pkg, 'license'),
    },
    readme: pkg.readme,
  };
}

/** The readme's path inside the crate folder, or undefined when the manifest turns it off. */
function readmeCandidates(readme: unknown): string[] {
  if (readme === false) return [];
  if (typeof readme === 'string') return [readme.replace(/^\.\//, '')];
  return readmeDefaults;
}

/**
 * Reads `{name}-{version}.crate` (`file` names it in errors): a 400 when it is not a readable
 * gzip'd tar or holds anything outside its folder.
 */
export async function readCrate(
  source: ArchiveSource,
  name: string,
  version: string,
  file: string,
  maxUnpackedBytes?: number,
): Promise<CrateContents> {
  const folder = `${name}-${version}/`;
  const kept = new Map<string, Buffer>();
  await walkArchive(
    source,
    'tar.gz',
    async (entry, body) => {
      if (entry.path !== folder.slice(0, -1) && !entry.path.startsWith(folder))
        throw new FormatProblem(400, `${file} holds '${entry.path}', outside its folder ${folder}.`);
      if (entry.type !== 'file') return;
      const inner = entry.path.slice(folder.length);
      // Which readme the manifest names is not known until it is read: keep every candidate.
      const wanted = inner === 'Cargo.toml' || /(^|\/)readme[^/]*$/i.test(inner);
      if (!wanted || entry.size > maxReadmeBytes) return;
      kept.set(inner, await readEntryBytes(body, maxManifestBytes, file));
    },
    { what: file, limits: maxUnpackedBytes ? { maxTotalBytes: maxUnpackedBytes } : {} },
  );
  const toml = kept.get('Cargo.toml');
  if (!toml) return {};
  const { manifest, readme } = parseManifest(toml, file);
  const found = readmeCandidates(readme)
    .map((candidate) => kept.get(candidate))
    .find((bytes) => bytes !== undefined);
  return { manifest, readme: found?.toString('utf8') };
}
