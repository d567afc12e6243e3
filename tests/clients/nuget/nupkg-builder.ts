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
