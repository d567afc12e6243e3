/**
 * What a pushed `.gem` holds: a plain tar with `metadata.gz` (the specification as YAML),
 * `data.tar.gz` (the files) and `checksums.yaml.gz`. The whole archive, the nested data archive
 * included, is walked through the shared archive reader (its limits refuse traversal, links out of
 * the archive and decompression bombs); the specification and the README at the gem's root are kept.
 */
import { gunzipBytes, readEntryBytes, walkArchive } from '../../../archives';
import { FormatProblem } from '../format-errors';
import { parseGemSpec, type GemSpec } from './gem-spec';

export interface GemContents {
  readonly spec: GemSpec;
  readonly readme?: string;
}

const maxMetadataBytes = 4 * 1024 * 1024;
const maxReadmeBytes = 1024 * 1024;
const readmeNames = /^readme(?:\.(?:md|markdown|rdoc|txt))?$/i;

export async function readGemFile(gem: Buffer, what: string): Promise<GemContents> {
  let metadata: Buffer | undefined;
  let hasData = false;
  let readme: string | undefined;
  await walkArchive(
    gem,
    'tar',
    async (entry, body) => {
      if (entry.type !== 'file') return;
      if (entry.path === 'metadata.gz') {
        metadata = gunzipBytes(await readEntryBytes(body, maxMetadataBytes, what), maxMetadataBytes, what);
        return;
      }
      if (entry.path !== 'data.tar.gz') return;
      hasData = true;
      await walkArchive(
        body,
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
  if (!metadata) throw new FormatProblem(422, `${what} has no metadata.gz; build it with gem build.`);
  if (!hasData) throw new FormatProblem(422, `${what} has no data.tar.gz; build it with gem build.`);
  return { spec: parseGemSpec(metadata.toString('utf8')), readme };
}
