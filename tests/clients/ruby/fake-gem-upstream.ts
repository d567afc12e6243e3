/**
 * A public gem server on a fake upstream: each gem built with `gem build`, its `.gem` under `gems/`,
 * the compact index (`info/{gem}` with each version's dependencies and SHA-256, and `versions`).
 * `badChecksum` names gems whose info line carries a wrong checksum.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FakeUpstream } from '../fake-upstream';
import type { RubyEnv } from './ruby-env';

export type FakeGem = [name: string, version: string, deps: [string, string][], platform?: string];

/**
 * Puts the gems and their index on `upstream` (a platform gem as `name-version-platform.gem`, listed
 * as `version-platform`); answers each `.gem` file's SHA-256 by that file name without `.gem`.
 */
export async function putGems(
  upstream: FakeUpstream,
  builder: RubyEnv,
  gems: readonly FakeGem[],
  badChecksum: readonly string[] = [],
): Promise<Map<string, string>> {
  const sums = new Map<string, string>();
  const info = new Map<string, string[]>();
  for (const [name, gemVersion, deps, platform = 'ruby'] of gems) {
    const version = platform === 'ruby' ? gemVersion : `${gemVersion}-${platform}`;
    const file = await readFile(
      await builder.buildGem(name, gemVersion, `${name} ${version}`, deps, platform),
    );
    await upstream.put(`gems/${name}-${version}.gem`, file);
    const real = createHash('sha256').update(file).digest('hex');
    sums.set(`${name}-${version}`, real);
    const sha256 = badChecksum.includes(name) ? '0'.repeat(64) : real;
    const depText = deps.map(([dep, req]) => `${dep}:${req}`).join(',');
    info.set(name, [...(info.get(name) ?? []), `${version} ${depText}|checksum:${sha256}\n`]);
  }
  const versionLines: string[] = [];
  for (const [name, lines] of info) {
    const text = `---\n${lines.join('')}`;
    await upstream.put(`info/${name}`, text);
    const versions = lines.map((line) => line.split(' ')[0]).join(',');
    versionLines.push(`${name} ${versions} ${createHash('md5').update(text).digest('hex')}\n`);
  }
  await upstream.put('versions', `created_at: 2026-01-01T00:00:00Z\n---\n${versionLines.join('')}`);
  return sums;
}
