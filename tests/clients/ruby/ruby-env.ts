/**
 * The real `gem` and Bundler (Debian packages `ruby`, `bundler`) in an isolated HOME: gems are built
 * with `gem build` from small sources, pushed with the token as the API key (GEM_HOST_API_KEY, as
 * CodeArtifact's guide sets `Bearer TOKEN`), and installed from sources whose URL carries `aws:TOKEN`.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeDir } from '../../helpers/temp-dir';

export interface RubyResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RubyEnv {
  readonly home: string;
  run(command: string, args: string[], cwd?: string, extra?: Record<string, string>): Promise<RubyResult>;
  /**
   * Builds `name-version.gem` (`name-version-platform.gem` with a `platform` other than `ruby`) whose
   * `lib/{name}.rb` defines `MARKER`; returns the file path.
   */
  buildGem(
    name: string,
    version: string,
    marker: string,
    dependencies?: [string, string][],
    platform?: string,
  ): Promise<string>;
  /** The source URL with the credentials in it, as `gem sources` and Gemfiles take it. */
  sourceUrl(endpoint: string): string;
  dispose(): Promise<void>;
}

export function moduleName(gem: string): string {
  return gem
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export async function createRubyEnv(token: string): Promise<RubyEnv> {
  const home = await makeTempDir('artifact-desk-ruby-');
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'LANG', 'TMPDIR'])
    if (process.env[key] !== undefined) env[key] = process.env[key];
  Object.assign(env, {
    HOME: home,
    GEM_HOME: path.join(home, 'gems'),
    GEM_PATH: path.join(home, 'gems'),
    GEM_HOST_API_KEY: `Bearer ${token}`,
    BUNDLE_USER_HOME: path.join(home, 'bundle-home'),
    BUNDLE_APP_CONFIG: path.join(home, 'bundle-config'),
    BUNDLE_PATH: path.join(home, 'bundle'),
    BUNDLE_SILENCE_ROOT_WARNING: 'true',
    BUNDLE_DISABLE_VERSION_CHECK: 'true',
  });
  const run: RubyEnv['run'] = (command, args, cwd = home, extra = {}) =>
    new Promise((resolve) => {
      execFile(
        command,
        args,
        { cwd, env: { ...env, ...extra }, timeout: 180_000 },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        },
      );
    });
  return {
    home,
    run,
    async buildGem(name, version, marker, dependencies = [], platform = 'ruby') {
      const full = platform === 'ruby' ? `${name}-${version}` : `${name}-${version}-${platform}`;
      const dir = path.join(home, 'src', full);
      await mkdir(path.join(dir, 'lib'), { recursive: true });
      await writeFile(
        path.join(dir, 'lib', `${name.replace(/-/g, '_')}.rb`),
        `module ${moduleName(name)}\n  MARKER = ${JSON.stringify(marker)}\nend\n`,
      );
      await writeFile(path.join(dir, 'README.md'), `# ${name}\n\n${marker}\n`);
      const deps = dependencies.map(
        ([dep, req]) => `  s.add_runtime_dependency ${JSON.stringify(dep)}, ${JSON.stringify(req)}\n`,
      );
      await writeFile(
        path.join(dir, `${name}.gemspec`),
        `Gem::Specification.new do |s|\n  s.name = ${JSON.stringify(name)}\n  s.version = ${JSON.stringify(version)}\n` +
          `  s.summary = "${name} for tests"\n  s.authors = ["Artifact Desk"]\n  s.license = "MIT"\n` +
          `  s.files = ["lib/${name.replace(/-/g, '_')}.rb", "README.md"]\n` +
          `  s.platform = ${JSON.stringify(platform)}\n${deps.join('')}end\n`,
      );
      const built = await run('gem', ['build', `${name}.gemspec`], dir);
      if (built.code !== 0) throw new Error(`gem build ${name} failed: ${built.stderr}`);
      return path.join(dir, `${full}.gem`);
    },
    sourceUrl(endpoint) {
      const url = new URL(endpoint);
      url.username = 'aws';
      url.password = token;
      return url.toString();
    },
    async dispose() {
      await removeDir(home);
    },
  };
}
