/**
 * Crate files as a public registry serves them, written without a registry: a gzip'd tar of
 * `{name}-{version}/` holding Cargo.toml, a README.md and a library whose `marker()` returns `marker`, with the
 * sparse-index line that describes it (its `cksum` the crate's SHA-256).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create } from 'tar';

export interface WrittenCrate {
  readonly file: Buffer;
  /** The sparse-index line of this version (without the trailing newline). */
  readonly indexLine: string;
}

/** `dependencies` maps a crate name to its version requirement (same registry). */
export async function writeCrate(
  workDir: string,
  name: string,
  version: string,
  marker: string,
  dependencies: Record<string, string> = {},
): Promise<WrittenCrate> {
  const folder = `${name}-${version}`;
  const root = path.join(workDir, folder);
  await mkdir(path.join(root, 'src'), { recursive: true });
  const deps = Object.entries(dependencies)
    .map(([dep, req]) => `${dep} = "${req}"\n`)
    .join('');
  await writeFile(
    path.join(root, 'Cargo.toml'),
    `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n` +
      `description = "${name} from the public registry"\nlicense = "MIT"\nreadme = "README.md"\n` +
      `repository = "https://example.invalid/${name}"\n\n[dependencies]\n${deps}`,
  );
  await writeFile(path.join(root, 'README.md'), `# ${name}\n\n${marker}\n`);
  const calls = Object.keys(dependencies)
    .map((dep) => `${dep.replace(/-/g, '_')}::marker()`)
    .join(', ');
  await writeFile(
    path.join(root, 'src', 'lib.rs'),
    `pub fn marker() -> String { let parts: Vec<String> = vec![String::from("${marker}")${calls ? `, ${calls}` : ''}]; parts.join("+") }\n`,
  );
  const out = path.join(workDir, `${folder}.crate`);
  await create({ gzip: true, file: out, cwd: workDir, portable: true }, [folder]);
  const file = await readFile(out);
  const indexLine = JSON.stringify({
    name,
    vers: version,
    deps: Object.entries(dependencies).map(([dep, req]) => ({
      name: dep,
      req,
      features: [],
      optional: false,
      default_features: true,
      target: null,
      kind: 'normal',
    })),
    cksum: createHash('sha256').update(file).digest('hex'),
    features: {},
    yanked: false,
    links: null,
    v: 1,
  });
  return { file, indexLine };
}
