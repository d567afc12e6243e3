/**
 * What a pushed .nupkg holds: a zip with one .nuspec at its root, read through the shared archive
 * reader (its limits refuse traversal and decompression bombs), and the readme file the nuspec names.
 */
import { readArchiveFiles } from '../../../archives';
import { FormatProblem } from '../format-errors';
import { parseNuspec, type Nuspec } from './nuspec';

export interface NupkgContents {
  readonly nuspec: Nuspec;
  /** The .nuspec's text, served as `{id}.nuspec`. */
  readonly nuspecXml: string;
  readonly readme?: string;
}

export async function readNupkg(nupkg: Buffer, what = 'The pushed .nupkg'): Promise<NupkgContents> {
  const files = await readArchiveFiles(
    nupkg,
    'zip',
    (entry) => (!entry.path.includes('/') && entry.path.endsWith('.nuspec')) || /readme/i.test(entry.path),
    { what },
  );
  const nuspecs = [...files.keys()].filter((name) => !name.includes('/') && name.endsWith('.nuspec'));
  if (nuspecs.length !== 1)
    throw new FormatProblem(
      400,
      `${what} must have exactly one .nuspec at its root (found ${nuspecs.length}).`,
    );
  const nuspecXml = files.get(nuspecs[0] ?? '')?.toString('utf8') ?? '';
  const nuspec = parseNuspec(nuspecXml);
  const readmePath = nuspec.readme?.replace(/\\/g, '/');
  const readme = readmePath ? files.get(readmePath)?.toString('utf8') : undefined;
  return { nuspec, nuspecXml, readme };
}
