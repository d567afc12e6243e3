/**
 * Where the user's caches are, asked of the user's own configuration (never guessed from another
 * machine): npm's `cache` setting (`npm config get cache`), the `localRepository` of Maven's user
 * settings.xml, pip's `pip cache dir`; each falls back to the client's documented default folder.
 * An explicit path given by the user wins. Asking a client runs it locally; nothing is fetched.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { readText, run, type ClientConfigSources } from '../external/client-config';

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The first line of a client's answer when it is an absolute path. */
function answeredPath(stdout: string): string | undefined {
  const line = stdout.trim().split(/\r?\n/)[0]?.trim();
  return line && isAbsolute(line) ? line : undefined;
}

/** The `_cacache` folder: a given npm cache folder or `_cacache` itself, else npm's `cache` setting. */
export async function npmCacheFolder(
  given: string | undefined,
  sources: ClientConfigSources = {},
): Promise<string> {
  const home = sources.home ?? homedir();
  let folder = given ? resolve(given) : undefined;
  if (!folder) {
    const answer = await run('npm', ['config', 'get', 'cache'], sources);
    folder = (answer.ok ? answeredPath(answer.stdout) : undefined) ?? join(home, '.npm');
  }
  return existsSync(join(folder, 'index-v5')) ? folder : join(folder, '_cacache');
}

/** The local Maven repository: given, else settings.xml's `<localRepository>`, else `~/.m2/repository`. */
export function mavenRepositoryFolder(given: string | undefined, sources: ClientConfigSources = {}): string {
  if (given) return resolve(given);
  const home = sources.home ?? homedir();
  const settings = readText(join(home, '.m2', 'settings.xml')) ?? '';
  const configured = /<localRepository>\s*([^<]+?)\s*<\/localRepository>/.exec(settings)?.[1];
  if (configured && !configured.includes('${')) return resolve(configured);
  return join(home, '.m2', 'repository');
}

/** pip's cache: given, else `PIP_CACHE_DIR`, else what `pip cache dir` answers, else `~/.cache/pip`. */
export async function pipCacheFolder(
  given: string | undefined,
  sources: ClientConfigSources = {},
): Promise<string> {
  if (given) return resolve(given);
  const env = sources.env ?? process.env;
  if (env['PIP_CACHE_DIR']) return resolve(env['PIP_CACHE_DIR']);
  for (const [command, args] of [
    ['pip', ['cache', 'dir']],
    ['python3', ['-m', 'pip', 'cache', 'dir']],
  ] as const) {
    const answer = await run(command, args, sources);
    const path = answer.ok ? answeredPath(answer.stdout) : undefined;
    if (path) return path;
  }
  return join(sources.home ?? homedir(), '.cache', 'pip');
}
