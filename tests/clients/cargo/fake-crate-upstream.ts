/**
 * A public sparse registry on a fake upstream: `config.json` whose `dl` template points at
 * `files/{crate}/{crate}-{version}.crate`, each crate written by `writeCrate`, and one index file per
 * crate listing its versions. `badChecksum` names crates whose index lines carry a wrong `cksum`.
 */
import type { FakeUpstream } from '../fake-upstream';
import { writeCrate } from './crate-writer';
import { indexPathOf } from '../../../src/main/http/formats/cargo/cargo-names';

/** A crate version: name, version, and its dependencies (name → requirement, same registry). */
export type FakeCrate = [name: string, version: string, deps?: Record<string, string>];

/** Each crate's `marker()` returns `{name}-{version}` followed by its dependencies' markers. */
export async function putCrates(
  upstream: FakeUpstream,
  crates: readonly FakeCrate[],
  badChecksum: readonly string[] = [],
): Promise<void> {
  await upstream.put(
    'config.json',
    JSON.stringify({ dl: `${upstream.url}files/{crate}/{crate}-{version}.crate` }),
  );
  const index = new Map<string, string[]>();
  for (const [name, version, deps = {}] of crates) {
    const crate = await writeCrate(upstream.workDir, name, version, `${name}-${version}`, deps);
    await upstream.put(`files/${name}/${name}-${version}.crate`, crate.file);
    const line = badChecksum.includes(name)
      ? crate.indexLine.replace(/"cksum":"[0-9a-f]{64}"/, `"cksum":"${'0'.repeat(64)}"`)
      : crate.indexLine;
    index.set(name, [...(index.get(name) ?? []), line]);
  }
  for (const [name, lines] of index) await upstream.put(indexPathOf(name), `${lines.join('\n')}\n`);
}
