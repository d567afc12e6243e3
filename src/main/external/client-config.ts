/**
 * Where the user's own package clients fetch public packages from, read from their configuration:
 * npm's `registry`, pip's `index-url`, Maven's mirror of central in settings.xml. External connections
 * use these as their upstream unless settings name another, so Artifact Desk caches exactly what the
 * user's tools would have fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ClientConfigSources {
  readonly home?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** npm: `npm_config_registry`, then the user's `.npmrc` (`registry=`; scoped registries ignored). */
export function npmRegistryFromConfig(sources: ClientConfigSources = {}): string | undefined {
  const env = sources.env ?? process.env;
  const fromEnv = env['npm_config_registry'] ?? env['NPM_CONFIG_REGISTRY'];
  if (fromEnv) return fromEnv;
  const file = env['npm_config_userconfig'] ?? join(sources.home ?? homedir(), '.npmrc');
  const text = readText(file);
  if (!text) return undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const match = /^registry\s*=\s*(\S+)$/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The value of `key` in the `[section]` of an INI text (pip's format). */
function iniValue(text: string, sections: readonly string[], key: string): string | undefined {
  let current = '';
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section?.[1]) {
      current = section[1].trim();
      continue;
    }
    if (!sections.includes(current)) continue;
    const entry = /^([A-Za-z0-9_-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (entry?.[1]?.replace(/_/g, '-') === key && entry[2]) found = entry[2].trim().split(/\s+/)[0];
  }
  return found;
}

/** pip: `PIP_INDEX_URL`, then pip.conf files from the most specific (user) to the least (site). */
export function pipIndexFromConfig(sources: ClientConfigSources = {}): string | undefined {
  const env = sources.env ?? process.env;
  if (env['PIP_INDEX_URL']) return env['PIP_INDEX_URL'];
  const home = sources.home ?? homedir();
  const files = [
    env['PIP_CONFIG_FILE'],
    join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'pip', 'pip.conf'),
    join(home, '.pip', 'pip.conf'),
    '/etc/pip.conf',
  ].filter((file): file is string => typeof file === 'string' && file.length > 0);
  for (const file of files) {
    const text = readText(file);
    const value =
      text === undefined ? undefined : iniValue(text, ['global', 'install', 'download'], 'index-url');
    if (value) return value;
  }
  return undefined;
}

/** Maven: the first `<mirror>` in settings.xml that mirrors `central` or `*`. */
export function mavenCentralFromConfig(sources: ClientConfigSources = {}): string | undefined {
  const env = sources.env ?? process.env;
  const home = sources.home ?? homedir();
  const files = [env['MAVEN_SETTINGS'], join(home, '.m2', 'settings.xml')].filter(
    (file): file is string => typeof file === 'string' && file.length > 0,
  );
  for (const file of files) {
    const text = readText(file);
    if (!text) continue;
    for (const mirror of text.matchAll(/<mirror>([\s\S]*?)<\/mirror>/g)) {
      const body = mirror[1] ?? '';
      const mirrorOf = /<mirrorOf>\s*([^<]+?)\s*<\/mirrorOf>/.exec(body)?.[1] ?? '';
      const url = /<url>\s*([^<]+?)\s*<\/url>/.exec(body)?.[1];
      const targets = mirrorOf.split(',').map((target) => target.trim());
      if (url && (targets.includes('*') || targets.includes('central') || targets.includes('external:*')))
        return url;
    }
  }
  return undefined;
}
