/**
 * The real `cargo` in an isolated CARGO_HOME whose config names Artifact Desk repositories as sparse
 * registries, with the token given the way CodeArtifact's guide says (`Bearer TOKEN` in
 * CARGO_REGISTRIES_{NAME}_TOKEN). Crate sources are written as small library crates.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeDir } from '../../helpers/temp-dir';

export interface CargoResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CargoEnv {
  readonly home: string;
  cargo(args: string[], cwd: string): Promise<CargoResult>;
  /** A library crate whose `marker()` returns `marker`; `body` is extra Cargo.toml text. */
  crate(name: string, version: string, marker: string, body?: string): Promise<string>;
  /** A binary crate depending on `dependencies` (Cargo.toml `[dependencies]` lines). */
  app(name: string, dependencies: string, main: string): Promise<string>;
  dispose(): Promise<void>;
}

function cargoBinary(): string {
  const home = process.env.HOME ?? '';
  return process.env.CARGO ?? (home ? path.join(home, '.cargo', 'bin', 'cargo') : 'cargo');
}

/** `registries` maps a registry name to its repository endpoint. */
export function createCargoEnv(registries: Record<string, string>, token: string): Promise<CargoEnv> {
  const lines = ['[registry]', 'global-credential-providers = ["cargo:token"]', ''];
  const variables: Record<string, string> = {};
  for (const [name, endpoint] of Object.entries(registries)) {
    lines.push(`[registries.${name}]`, `index = "sparse+${endpoint}"`, '');
    variables[`CARGO_REGISTRIES_${name.toUpperCase().replace(/-/g, '_')}_TOKEN`] = `Bearer ${token}`;
  }
  return cargoEnvWithConfig(lines.join('\n'), variables);
}

/** cargo with `configToml` as its CARGO_HOME/config.toml and `variables` in its environment. */
export async function cargoEnvWithConfig(
  configToml: string,
  variables: Record<string, string>,
): Promise<CargoEnv> {
  const home = await makeTempDir('artifact-desk-cargo-');
  const cargoHome = path.join(home, 'cargo-home');
  await mkdir(cargoHome, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'LANG', 'TMPDIR', 'RUSTUP_HOME']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  env.RUSTUP_HOME ??= path.join(process.env.HOME ?? '', '.rustup');
  env.HOME = home;
  env.CARGO_HOME = cargoHome;
  env.CARGO_TARGET_DIR = path.join(home, 'target');
  env.CARGO_TERM_COLOR = 'never';
  env.CARGO_HTTP_TIMEOUT = '30';
  Object.assign(env, variables);
  await writeFile(path.join(cargoHome, 'config.toml'), configToml);
  const binary = cargoBinary();
  return {
    home,
    cargo(args, cwd) {
      return new Promise((resolve) => {
        execFile(binary, args, { cwd, env, timeout: 180_000 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
      });
    },
    async crate(name, version, marker, body = '') {
      const dir = path.join(home, 'src', `${name}-${version}`);
      await mkdir(path.join(dir, 'src'), { recursive: true });
      await writeFile(
        path.join(dir, 'Cargo.toml'),
        `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n` +
          `description = "${name} for tests"\nlicense = "MIT"\nreadme = "README.md"\n${body}\n`,
      );
      await writeFile(path.join(dir, 'README.md'), `# ${name}\n\n${marker}\n`);
      await writeFile(
        path.join(dir, 'src', 'lib.rs'),
        `pub fn marker() -> &'static str { "${marker}" }\n#[cfg(feature = "extra")]\npub fn extra() -> u32 { 7 }\n`,
      );
      return dir;
    },
    async app(name, dependencies, main) {
      const dir = path.join(home, 'apps', name);
      await mkdir(path.join(dir, 'src'), { recursive: true });
      await writeFile(
        path.join(dir, 'Cargo.toml'),
        `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n${dependencies}\n`,
      );
      await writeFile(path.join(dir, 'src', 'main.rs'), main);
      return dir;
    },
    async dispose() {
      await removeDir(home);
    },
  };
}
