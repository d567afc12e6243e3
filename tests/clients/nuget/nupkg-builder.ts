/**
 * .nupkg files for the NuGet tests, zipped by Python's zipfile (the machine has no NuGet v3 client):
 * a .nuspec at the root, a readme and a library file, or a hostile variant.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface NuspecFields {
  readonly id: string;
  readonly version: string;
  readonly dependencies?: { id: string; version: string }[];
}

export function nuspecXml(fields: NuspecFields): string {
  const deps = (fields.dependencies ?? [])
    .map((dep) => `<dependency id="${dep.id}" version="${dep.version}" />`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>${fields.id}</id>
    <version>${fields.version}</version>
    <authors>Artifact Desk</authors>
    <description>${fields.id} for tests</description>
    <license type="expression">MIT</license>
    <readme>docs/README.md</readme>
    <projectUrl>https://example.invalid/${fields.id}</projectUrl>
    <dependencies><group targetFramework="net8.0">${deps}</group></dependencies>
  </metadata>
</package>
`;
}

/** Zips `files` (path → text) into `dir/name` and returns the bytes. */
export async function zipFiles(dir: string, name: string, files: Record<string, string>): Promise<Buffer> {
  const target = path.join(dir, name);
  execFileSync('python3', [
    '-c',
    'import sys, json, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n  for k, v in json.loads(sys.argv[2]).items(): z.writestr(k, v)',
    target,
    JSON.stringify(files),
  ]);
  return readFile(target);
}

export function nupkg(dir: string, fields: NuspecFields): Promise<Buffer> {
  return zipFiles(dir, `${fields.id}.${fields.version}.nupkg`, {
    [`${fields.id}.nuspec`]: nuspecXml(fields),
    'docs/README.md': `# ${fields.id}\n\nversion ${fields.version}\n`,
    'lib/net8.0/_._': '',
  });
}

/**
 * A copy of `zip` whose central directory records a wrong CRC-32 for the entry `name` (its bytes
 * unchanged): a package whose checksum does not match its content.
 */
export function withWrongCrc(zip: Buffer, name: string): Buffer {
  const copy = Buffer.from(zip);
  for (
    let at = copy.indexOf(0x02014b50 & 0xff);
    at >= 0 && at + 46 <= copy.length;
    at = copy.indexOf(0x50, at + 1)
  ) {
    if (copy.readUInt32LE(at) !== 0x02014b50) continue;
    const length = copy.readUInt16LE(at + 28);
    if (copy.toString('utf8', at + 46, at + 46 + length) !== name) continue;
    copy.writeUInt32LE((copy.readUInt32LE(at + 16) ^ 0x5a5a5a5a) >>> 0, at + 16);
    return copy;
  }
  throw new Error(`no central directory entry named ${name}`);
}
