/**
 * Where the user's cargo, gem and NuGet fetch public packages from, read from the clients' own
 * configuration, as client-config.ts does for npm, pip and Maven: cargo's source replacement of
 * crates-io in `$CARGO_HOME/config.toml`, the first of `gem sources --list` (asked again without the
 * user's `.gemrc` when that names this service), and the first v3 source of the user's
 * NuGet.Config. Cargo keeps its built-in index address to itself (no stable command prints it), so
 * without a replacement the connection needs `--external-upstream public:crates-io=URL`.
 */
import { devNull, homedir } from 'node:os';
import { join } from 'node:path';
import {
  firstHttpUrl,
  readText,
  run,
  type ClientAnswer,
  type ClientConfigSources,
  type IsSelf,
} from './client-config';

/** `[table]` → key → value of a TOML text's plain `key = "string"` lines (all cargo needs here). */
export function tomlStrings(text: string): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = header[1].replace(/\s*\.\s*/g, '.').replace(/"/g, '');
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*(?:#.*)?$/.exec(line);
    if (!pair?.[1]) continue;
    const table = tables.get(current) ?? new Map<string, string>();
    table.set(pair[1], pair[2] ?? pair[3] ?? '');
    tables.set(current, table);
  }
  return tables;
}

/** The index URL a cargo configuration text replaces crates-io with, without `sparse+`. */
export function cratesIoReplacement(configToml: string): string | undefined {
  const tables = tomlStrings(configToml);
  const name = tables.get('source.crates-io')?.get('replace-with');
  if (!name) return undefined;
  const url = tables.get(`source.${name}`)?.get('registry') ?? tables.get(`registries.${name}`)?.get('index');
  return url?.replace(/^sparse\+/, '');
}

/** cargo: the source replacement of crates-io in `$CARGO_HOME/config.toml` (or `config`). */
export async function askCargoRegistry(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const env = sources.env ?? process.env;
  const cargoHome = env['CARGO_HOME'] ?? join(sources.home ?? env['HOME'] ?? homedir(), '.cargo');
  for (const file of [join(cargoHome, 'config.toml'), join(cargoHome, 'config')]) {
    const text = readText(file);
    const url = text === undefined ? undefined : cratesIoReplacement(text);
    if (url && /^https?:\/\//.test(url) && !isSelf(url))
      return { url, source: `cargo's replacement of crates-io in ${file}` };
  }
  return undefined;
}

/** The source URLs `gem sources --list` prints, in order. */
export function gemSourcesOf(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line) => firstHttpUrl(line) ?? []);
}

/** gem: the first of `gem sources --list`; asked again without the user's .gemrc if that is this service. */
export async function askGemSource(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const first = await run('gem', ['sources', '--list'], sources);
  if (!first.ok) return undefined;
  const url = gemSourcesOf(first.stdout).find((candidate) => !isSelf(candidate));
  if (url) return { url, source: 'gem sources --list' };
  const again = await run('gem', ['sources', '--list', '--config-file', devNull], sources);
  const fallback = again.ok ? gemSourcesOf(again.stdout).find((candidate) => !isSelf(candidate)) : undefined;
  return fallback
    ? { url: fallback, source: 'gem sources --list (without the user .gemrc, which names this service)' }
    : undefined;
}

/** The v3 sources (`…/index.json` or protocolVersion 3) of a NuGet.Config text, in order. */
export function nugetV3Sources(configXml: string): string[] {
  const section = /<packageSources>([\s\S]*?)<\/packageSources>/.exec(configXml)?.[1] ?? '';
  const urls: string[] = [];
  for (const element of section.matchAll(/<(add|clear)\b([^>]*)\/?>/g)) {
    if (element[1] === 'clear') {
      urls.length = 0;
      continue;
    }
    const attributes = element[2] ?? '';
    const value = /\bvalue\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    const protocol = /\bprotocolVersion\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    if (value && /^https?:\/\//.test(value) && (protocol === '3' || /\.json$/i.test(value))) urls.push(value);
  }
  return urls;
}

/** NuGet: the first v3 source of the user's NuGet.Config. */
export async function askNugetSource(
  sources: ClientConfigSources,
  isSelf: IsSelf,
): Promise<ClientAnswer | undefined> {
  const env = sources.env ?? process.env;
  const home = sources.home ?? env['HOME'] ?? homedir();
  const files = [
    join(home, '.nuget', 'NuGet', 'NuGet.Config'),
    join(home, '.config', 'NuGet', 'NuGet.Config'),
    ...(env['APPDATA'] ? [join(env['APPDATA'], 'NuGet', 'NuGet.Config')] : []),
  ];
  for (const file of files) {
    const text = readText(file);
    const url = text === undefined ? undefined : nugetV3Sources(text).find((candidate) => !isSelf(candidate));
    if (url) return { url, source: `the first v3 source in ${file}` };
  }
  return undefined;
}
