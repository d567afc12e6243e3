/**
 * A package graph resolved over a NuGet v3 feed the way NuGet's restore does (no v3 client installs
 * here): the service index names the flat container; for each dependency the lowest version its
 * range allows is taken from the flat container's version list, its .nupkg downloaded and its
 * .nuspec (read from the package, as restore reads it) gives the next dependencies.
 */
import semver from 'semver';
import { readArchiveFiles } from '../../../src/main/archives';

export interface Restored {
  /** Lower-case id → the version chosen. */
  readonly versions: Map<string, string>;
  /** Lower-case id → the .nupkg bytes downloaded. */
  readonly packages: Map<string, Buffer>;
}

/** A NuGet range (`[1.0, 2.0)`, `1.0` = at least 1.0) as a semver range. */
function semverRange(range: string): string {
  const bounds = /^([[(])\s*([^,\s]*)\s*,\s*([^\])\s]*)\s*([\])])$/.exec(range.trim());
  if (!bounds) return /^\[(.+)\]$/.exec(range.trim())?.[1] ?? `>=${range.trim()}`;
  const [, open = '[', low = '', high = '', close = ')'] = bounds;
  return [low && `${open === '[' ? '>=' : '>'}${low}`, high && `${close === ']' ? '<=' : '<'}${high}`]
    .filter(Boolean)
    .join(' ');
}

export async function nugetRestore(
  serviceIndex: string,
  headers: Record<string, string>,
  roots: [id: string, range: string][],
): Promise<Restored> {
  const get = async (url: string): Promise<Response> => {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return response;
  };
  const index = (await (await get(serviceIndex)).json()) as {
    resources: { '@id': string; '@type': string }[];
  };
  const base = index.resources.find((r) => r['@type'] === 'PackageBaseAddress/3.0.0')?.['@id'];
  if (!base) throw new Error('the service index names no PackageBaseAddress/3.0.0');
  const versions = new Map<string, string>();
  const packages = new Map<string, Buffer>();
  const queue = [...roots];
  while (queue.length > 0) {
    const [rawId, range] = queue.shift() ?? ['', ''];
    const id = rawId.toLowerCase();
    if (versions.has(id)) continue;
    const listed = ((await (await get(`${base}${id}/index.json`)).json()) as { versions: string[] }).versions;
    const chosen = semver.minSatisfying(listed, semverRange(range));
    if (!chosen) throw new Error(`no version of ${id} satisfies ${range} (listed: ${listed.join(', ')})`);
    const nupkg = Buffer.from(
      await (await get(`${base}${id}/${chosen}/${id}.${chosen}.nupkg`)).arrayBuffer(),
    );
    versions.set(id, chosen);
    packages.set(id, nupkg);
    const files = await readArchiveFiles(nupkg, 'zip', (entry) => /^[^/]+\.nuspec$/.test(entry.path));
    const nuspec = [...files.values()][0]?.toString('utf8') ?? '';
    for (const match of nuspec.matchAll(/<dependency id="([^"]+)" version="([^"]+)"/g))
      queue.push([match[1] ?? '', match[2] ?? '']);
  }
  return { versions, packages };
}
