/**
 * Where the user's own package clients fetch public packages from, asked of the clients themselves:
 * `npm config get registry`, `pip config list` (else pip's built-in default index, as
 * `pip install --help` states it), and Maven's effective central (a mirror of central in the user's
 * or Maven's own settings.xml, else the central repository of Maven's super POM). So Artifact Desk
 * caches exactly what the user's tools would have fetched, and no registry address is written here.
 *
 * A client configured for this service (after `aws codeartifact login`) would name the service
 * itself; then the question is asked again without the user's configuration, which gives the
 * client's own default.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir, devNull, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { readArchiveFiles } from '../archives';

export interface ClientConfigSources {
  readonly home?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** How long one client run may take (default 60 s: a JVM or Python start on a busy laptop). */
  readonly timeoutMs?: number;
}

/** A URL a client named, and how it was found (shown to the user). */
export interface ClientAnswer {
  readonly url: string;
  readonly source: string;
}

/** Whether a URL names this service (the question is then asked without the user's settings). */
export type IsSelf = (url: string) => boolean;

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
}

export function run(
  command: string,
  args: readonly string[],
  sources: ClientConfigSources,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        env: {
          ...(sources.env ?? process.env),
          ...(sources.home ? { HOME: sources.home } : {}),
          NO_COLOR: '1',
          PIP_DISABLE_PIP_VERSION_CHECK: '1',
        },
        cwd: tmpdir(),
        timeout: sources.timeoutMs ?? 60_000,
        maxBuffer: 4 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout) => resolve({ ok: !error, stdout: String(stdout) }),
    );
  });
}

export function firstHttpUrl(text: string): string | undefined {
  const value = text.trim().split(/\s+/)[0];
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

/** npm: `npm config get registry`; when that is this service, asked again without the user .npmrc. */
export async function askNpmRegistry(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const first = await run('npm', ['config', 'get', 'registry'], sources);
  const url = first.ok ? firstHttpUrl(first.stdout) : undefined;
  if (url && !isSelf(url)) return { url, source: 'npm config get registry' };
  if (!first.ok) return undefined;
  const again = await run('npm', ['config', 'get', 'registry', '--userconfig', devNull], sources);
  const fallback = again.ok ? firstHttpUrl(again.stdout) : undefined;
  return fallback && !isSelf(fallback)
    ? { url: fallback, source: 'npm config get registry (without the user .npmrc, which names this service)' }
    : undefined;
}

/** Which `pip config list` keys name the index, most specific first. */
const pipIndexKeys = [':env:.index-url', 'install.index-url', 'download.index-url', 'global.index-url'];

/** The `key='value'` lines of `pip config list`. */
export function parsePipConfigList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([^=\s]+)=(['"]?)(.*)\2\s*$/.exec(line.trim());
    if (match?.[1] && match[3] !== undefined) out.set(match[1], match[3]);
  }
  return out;
}

/** The default pip states for `--index-url` in its help (wrapped over lines as it may be). */
export function pipDefaultIndexFromHelp(help: string): string | undefined {
  const option = help.indexOf('--index-url');
  if (option < 0) return undefined;
  const match = /\(default\s+(https?:\/\/[^\s)]+)\)/.exec(help.slice(option, option + 600));
  return match?.[1];
}

async function pipRun(args: readonly string[], sources: ClientConfigSources): Promise<RunResult> {
  const direct = await run('pip', args, sources);
  if (direct.ok) return direct;
  return run('python3', ['-m', 'pip', ...args], sources);
}

/** pip: its configured index-url (`pip config list`), else its built-in default. */
export async function askPipIndex(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const listed = await pipRun(['config', 'list'], sources);
  if (listed.ok) {
    const values = parsePipConfigList(listed.stdout);
    for (const key of pipIndexKeys) {
      const url = firstHttpUrl(values.get(key) ?? '');
      if (url && !isSelf(url)) return { url, source: `pip config list (${key})` };
    }
  }
  const help = await pipRun(['install', '--help'], sources);
  const url = help.ok ? pipDefaultIndexFromHelp(help.stdout) : undefined;
  return url && !isSelf(url) ? { url, source: "pip's default index (pip install --help)" } : undefined;
}

/** Maven: the first `<mirror>` in a settings.xml text that mirrors `central`, `*` or `external:*`. */
export function centralMirrorOf(settingsXml: string, isSelf: IsSelf = () => false): string | undefined {
  for (const mirror of settingsXml.matchAll(/<mirror>([\s\S]*?)<\/mirror>/g)) {
    const body = mirror[1] ?? '';
    const mirrorOf = /<mirrorOf>\s*([^<]+?)\s*<\/mirrorOf>/.exec(body)?.[1] ?? '';
    const url = /<url>\s*([^<]+?)\s*<\/url>/.exec(body)?.[1];
    const targets = mirrorOf.split(',').map((target) => target.trim());
    if (
      url &&
      !isSelf(url) &&
      (targets.includes('*') || targets.includes('central') || targets.includes('external:*'))
    )
      return url;
  }
  return undefined;
}

/** The central repository's URL in a super POM text. */
export function centralOfSuperPom(pomXml: string): string | undefined {
  for (const repository of pomXml.matchAll(/<repository>([\s\S]*?)<\/repository>/g)) {
    const body = repository[1] ?? '';
    if (/<id>\s*central\s*<\/id>/.test(body)) return /<url>\s*([^<]+?)\s*<\/url>/.exec(body)?.[1];
  }
  return undefined;
}

export function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Maven's installation folder: `MAVEN_HOME`/`M2_HOME`, else the folder of `mvn` found on PATH. */
function mavenHome(env: NodeJS.ProcessEnv): string | undefined {
  for (const key of ['MAVEN_HOME', 'M2_HOME']) {
    const value = env[key];
    if (value && existsSync(join(value, 'conf'))) return value;
  }
  for (const folder of (env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(folder, 'mvn');
    if (!folder || !existsSync(candidate)) continue;
    try {
      return dirname(dirname(realpathSync(candidate)));
    } catch {
      continue;
    }
  }
  return undefined;
}

const superPomPath = 'org/apache/maven/model/pom-4.0.0.xml';

/** The super POM inside Maven's model builder jar. */
async function superPom(home: string): Promise<{ text: string; jar: string } | undefined> {
  const lib = join(home, 'lib');
  let jars: string[];
  try {
    jars = readdirSync(lib).filter((name) => /^maven-model-builder-.*\.jar$/.test(name));
  } catch {
    return undefined;
  }
  for (const name of jars) {
    try {
      const files = await readArchiveFiles(
        readFileSync(join(lib, name)),
        'zip',
        (entry) => entry.path === superPomPath,
        { what: `Maven's ${name}` },
      );
      const entry = files.get(superPomPath);
      if (entry) return { text: entry.toString('utf8'), jar: join(lib, name) };
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Maven: a mirror of central in the user's then Maven's settings.xml, else the super POM's central. */
export async function askMavenCentral(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const env = sources.env ?? process.env;
  const home = mavenHome(env);
  const settings = [
    join(sources.home ?? env['HOME'] ?? homedir(), '.m2', 'settings.xml'),
    ...(home ? [join(home, 'conf', 'settings.xml')] : []),
  ];
  for (const file of settings) {
    const text = readText(file);
    const url = text === undefined ? undefined : centralMirrorOf(text, isSelf);
    if (url) return { url, source: `Maven mirror of central in ${file}` };
  }
  if (!home) return undefined;
  const pom = await superPom(home);
  const url = pom && centralOfSuperPom(pom.text);
  return url && !isSelf(url) ? { url, source: `Maven's super POM (${pom.jar})` } : undefined;
}
