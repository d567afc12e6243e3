/**
 * The pins of a pip requirements file: `name[extras]==version ; marker --hash=sha256:…` lines, as
 * `pip-compile --generate-hashes` or `pip freeze` write them. Continuation lines (`\`) are joined and
 * comments dropped as pip does. Global options (`--index-url`, `-f` …) are ignored: the kit fetches
 * through the repository. Lines a kit cannot satisfy by name and version (ranges, URLs, editable
 * installs, nested `-r` files) are listed as skipped with the reason.
 *
 * Written here rather than taken from a parser package: the one maintained JavaScript parser of
 * requirements files refuses per-requirement options such as `--hash`, which are the point here.
 */
import { normalisePypiName } from '../engine/packages/package-coordinates';

export interface PinnedRequirement {
  /** As written in the file. */
  readonly name: string;
  /** PEP 503 normalised. */
  readonly project: string;
  readonly version: string;
  /** `sha256:<hex>` … from `--hash` options, lower-cased; empty when the file gives none. */
  readonly hashes: readonly string[];
}

export interface SkippedRequirement {
  readonly line: string;
  readonly reason: string;
}

export interface RequirementsContents {
  readonly pins: PinnedRequirement[];
  readonly skipped: SkippedRequirement[];
}

/** Physical lines joined at trailing backslashes, comments removed, blank lines dropped. */
function logicalLines(content: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of content.split(/\r?\n/)) {
    if (raw.endsWith('\\')) {
      current += `${raw.slice(0, -1)} `;
      continue;
    }
    current += raw;
    const withoutComment = current.replace(/(^|\s)#.*$/, '').trim();
    if (withoutComment !== '') lines.push(withoutComment);
    current = '';
  }
  const last = current.replace(/(^|\s)#.*$/, '').trim();
  if (last !== '') lines.push(last);
  return lines;
}

const requirementPattern =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(===?|~=|!=|<=|>=|<|>)?\s*([^\s;,]*)\s*(.*)$/;

function readLine(line: string): PinnedRequirement | SkippedRequirement | undefined {
  if (/^(-r|--requirement|-c|--constraint)\b/.test(line))
    return { line, reason: 'a nested requirements file: give that file to the kit as well' };
  if (/^(-e|--editable)\b/.test(line))
    return { line, reason: 'an editable install is not a registry package' };
  if (line.startsWith('-')) return undefined;
  const hashes = [...line.matchAll(/--hash[=\s]\s*([A-Za-z0-9]+:[A-Fa-f0-9]+)/g)].map((match) =>
    (match[1] ?? '').toLowerCase(),
  );
  const requirement = line.replace(/--[a-z-]+(?:[=\s]\s*\S+)?/g, '').trim();
  if (/^\S+\s*@\s*\S+/.test(requirement) || /^[a-z+]+:\/\//i.test(requirement))
    return { line, reason: 'a direct URL is not fetched through a repository' };
  const match = requirementPattern.exec(requirement);
  const [, name, operator, version, rest = ''] = match ?? [];
  if (!name) return { line, reason: 'not a requirement pip would read' };
  const alsoRange = rest.trimStart().startsWith(',');
  if ((operator !== '==' && operator !== '===') || !version || version.includes('*') || alsoRange)
    return { line, reason: 'not pinned to one version (use ==, as pip freeze and pip-compile write)' };
  return { name, project: normalisePypiName(name), version, hashes };
}

export function readRequirementsFile(content: string): RequirementsContents {
  const pins: PinnedRequirement[] = [];
  const skipped: SkippedRequirement[] = [];
  const seen = new Set<string>();
  for (const line of logicalLines(content)) {
    const read = readLine(line);
    if (!read) continue;
    if ('reason' in read) {
      skipped.push(read);
      continue;
    }
    const key = `${read.project}==${read.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pins.push(read);
  }
  return { pins, skipped };
}
