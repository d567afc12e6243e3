/**
 * What a pushed `.gem` holds: a plain tar with `metadata.gz` (the specification as YAML),
 * `data.tar.gz` (the files) and `checksums.yaml.gz`. The whole archive, the nested data archive
 * included, is walked through the shared archive reader (its limits refuse traversal, links out of
 * the archive and decompression bombs); metadata.gz and data.tar.gz must match the digests
 * checksums.yaml.gz lists for them; the specification and the README at the gem's root are kept.
 */
import { createHash } from 'node:crypto';
import { gunzipBytes, readEntryBytes, walkArchive } from '../../../archives';
import { parseYaml } from '../../../documents/yaml-document';
import { FormatProblem } from '../format-errors';
import { parseGemSpec, type GemSpec } from './gem-spec';

export interface GemContents {
  readonly spec: GemSpec;
  readonly readme?: string;
}

const maxMetadataBytes = 4 * 1024 * 1024;
const maxReadmeBytes = 1024 * 1024;
const readmeNames = /^readme(?:\.(?:md|markdown|rdoc|txt))?$/i;
const checksumAlgorithms = new Map([
  ['SHA256', 'sha256'],
  ['SHA512', 'sha512'],
]);

/** The digests `checksums.yaml.gz` lists: algorithm (`SHA256`, `SHA512`) → member → hex. */
function listedChecksums(yaml: Buffer, what: string): Map<string, Map<string, string>> {
  const document = parseYaml(yaml.toString('utf8'), `The checksums.yaml.gz of ${what}`);
  const listed = new Map<string, Map<string, string>>();
  if (typeof document !== 'object' || document === null) return listed;
  for (const [algorithm, members] of Object.entries(document as Record<string, unknown>)) {
    if (!checksumAlgorithms.has(algorithm) || typeof members !== 'object' || members === null) continue;
    const digests = new Map<string, string>();
    for (const [member, digest] of Object.entries(members as Record<string, unknown>))
      if (typeof digest === 'string') digests.set(member, digest.toLowerCase());
    listed.set(algorithm, digests);
  }
  return listed;
}

/**
 * metadata.gz and data.tar.gz must have the digests checksums.yaml.gz lists for them, as
 * `gem install` checks before installing: a gem that fails here would fail there.
 */
function checkChecksums(members: Map<string, Buffer>, checksums: Buffer | undefined, what: string): void {
  if (!checksums) return;
  const listed = listedChecksums(gunzipBytes(checksums, maxMetadataBytes, what), what);
  for (const [algorithm, digests] of listed) {
    for (const [member, digest] of digests) {
      const bytes = members.get(member);
      if (!bytes) continue;
      const actual = createHash(checksumAlgorithms.get(algorithm) ?? 'sha256')
        .update(bytes)
        .digest('hex');
      if (actual !== digest)
        throw new FormatProblem(
          422,
          `${what}'s ${member} does not match the ${algorithm} checksums.yaml.gz gives for it.`,
        );
    }
  }
}

export async function readGemFile(gem: Buffer, what: string): Promise<GemContents> {
  const members = new Map<string, Buffer>();
  let checksums: Buffer | undefined;
  let readme: string | undefined;
  await walkArchive(
    gem,
    'tar',
    async (entry, body) => {
      if (entry.type !== 'file') return;
      if (entry.path === 'checksums.yaml.gz') {
        checksums = await readEntryBytes(body, maxMetadataBytes, what);
        return;
      }
      if (entry.path === 'metadata.gz') {
        members.set('metadata.gz', await readEntryBytes(body, maxMetadataBytes, what));
        return;
      }
      if (entry.path !== 'data.tar.gz') return;
      // Held whole (the gem already is) so its digest can be checked against checksums.yaml.gz.
      const data = await readEntryBytes(body, gem.length, what);
      members.set('data.tar.gz', data);
      await walkArchive(
        data,
        'tar.gz',
        async (file, content) => {
          if (
            file.type === 'file' &&
            readme === undefined &&
            file.size <= maxReadmeBytes &&
            readmeNames.test(file.path)
          )
            readme = (await readEntryBytes(content, maxReadmeBytes, what)).toString('utf8');
        },
        { what: `The data archive of ${what}` },
      );
    },
    { what },
  );
  const metadata = members.get('metadata.gz');
  if (!metadata) throw new FormatProblem(422, `${what} has no metadata.gz; build it with gem build.`);
  if (!members.has('data.tar.gz'))
    throw new FormatProblem(422, `${what} has no data.tar.gz; build it with gem build.`);
  checkChecksums(members, checksums, what);
  const spec = gunzipBytes(metadata, maxMetadataBytes, what);
  return { spec: parseGemSpec(spec.toString('utf8')), readme };
}
