/**
 * A gem's specification as `gem build` writes it into the `.gem` (metadata.gz: YAML with Ruby object
 * tags), read into plain data: name, version, platform, the texts, licences, dependencies with their
 * requirements, and the Ruby and RubyGems requirements. Tags are ignored (the fields are what
 * counts), aliases are bounded, and every field is checked before it is used.
 */
import type * as Yaml from 'yaml';
import { deferredModule } from '../../../deferred-require';
import { FormatProblem } from '../format-errors';

const yaml = deferredModule<typeof Yaml>('yaml');

export type Requirement = [operator: string, version: string][];

export interface GemDependency {
  readonly name: string;
  readonly type: 'runtime' | 'development';
  readonly requirement: Requirement;
}

export interface GemSpec {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly summary: string;
  readonly description?: string;
  readonly authors: string[];
  readonly email: string[];
  readonly homepage?: string;
  readonly licenses: string[];
  readonly dependencies: GemDependency[];
  readonly requiredRubyVersion: Requirement;
  readonly requiredRubygemsVersion: Requirement;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly rubygemsVersion: string;
  readonly specificationVersion: number;
  readonly metadata: Record<string, string>;
}

/** Gem names: letters, digits, `.`, `-` and `_`, starting with a letter or digit. */
const gemNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Gem::Version's pattern: numbers and letters in dot- or dash-separated segments. */
const gemVersionPattern = /^[0-9]+(?:\.[0-9A-Za-z]+)*(?:-[0-9A-Za-z.-]+)?$/;
/**
 * Platforms as RubyGems writes them after a version (`x86_64-linux`, `java`, `universal-darwin-21`,
 * `x64-mingw-ucrt`): a letter first, then `-`-separated parts of letters, digits, `_` and `.`.
 */
const gemPlatformPattern = /^[A-Za-z][A-Za-z0-9_.]*(?:-[A-Za-z0-9_.]+)*$/;
/** A package version: the gem's version (no `-`), then `-platform` for a platform gem. */
const packageVersionPattern = /^([0-9][0-9A-Za-z.]*)(?:-([A-Za-z][A-Za-z0-9_.-]*))?$/;
const operators = new Set(['=', '!=', '>', '<', '>=', '<=', '~>']);

export function isGemName(name: unknown): name is string {
  return typeof name === 'string' && gemNamePattern.test(name);
}

export function isGemVersion(version: unknown): version is string {
  return typeof version === 'string' && version.length <= 128 && gemVersionPattern.test(version);
}

export function isGemPlatform(platform: unknown): platform is string {
  return typeof platform === 'string' && platform.length <= 64 && gemPlatformPattern.test(platform);
}

/**
 * The package version a gem file is stored under: its version, then `-platform` when its platform
 * is not `ruby` (as the file name, the compact index and `Gemfile.lock` write it), so each platform
 * build is a version of its own that `gem yank --platform` can yank alone.
 */
export function packageVersionOf(spec: Pick<GemSpec, 'version' | 'platform'>): string {
  return spec.platform === 'ruby' ? spec.version : `${spec.version}-${spec.platform}`;
}

/** A package version's gem version and platform (`ruby` when it names none); undefined if invalid. */
export function splitPackageVersion(
  packageVersion: string,
): { version: string; platform: string } | undefined {
  const match = packageVersionPattern.exec(packageVersion);
  if (!match || !isGemVersion(match[1])) return undefined;
  if (match[2] === undefined) return { version: match[1], platform: 'ruby' };
  return isGemPlatform(match[2]) ? { version: match[1], platform: match[2] } : undefined;
}

/**
 * The ways `name-version[-platform]` (a file name without `.gem`) splits into a gem name and a
 * package version, the longest name first: names may hold `-` and digits, versions hold `-` only
 * before a platform, so `a-1-1.0-java` could be gem `a-1` 1.0 for java or gem `a` 1 for platform
 * `1.0-java`… only the listing can tell, and the caller asks it in this order.
 */
export function fullNameSplits(fullName: string): { gem: string; version: string }[] {
  const splits: { gem: string; version: string }[] = [];
  for (let at = fullName.lastIndexOf('-'); at > 0; at = fullName.lastIndexOf('-', at - 1)) {
    const gem = fullName.slice(0, at);
    const version = fullName.slice(at + 1);
    if (isGemName(gem) && splitPackageVersion(version)) splits.push({ gem, version });
  }
  return splits;
}

function bad(message: string): FormatProblem {
  return new FormatProblem(422, message);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.flatMap((item) => (typeof item === 'string' ? [item] : [])) : [];
}

function versionOf(value: unknown): string | undefined {
  return text(record(value)?.version ?? value);
}

function requirementOf(value: unknown, what: string): Requirement {
  const pairs = record(value)?.requirements;
  if (pairs === undefined || pairs === null) return [['>=', '0']];
  if (!Array.isArray(pairs)) throw bad(`The gem's ${what} is not a list of requirements.`);
  return pairs.map((pair: unknown) => {
    const [operator, version] = Array.isArray(pair) ? (pair as unknown[]) : [];
    const op = text(operator);
    const ver = versionOf(version);
    if (!op || !operators.has(op) || !isGemVersion(ver))
      throw bad(`The gem's ${what} has an invalid requirement ${JSON.stringify(pair)}.`);
    return [op, ver];
  });
}

function dependencyOf(value: unknown, index: number): GemDependency {
  const fields = record(value);
  const name = fields?.name;
  if (!isGemName(name)) throw bad(`Dependency ${index + 1} of the gem has no valid name.`);
  const type = text(fields?.type)?.replace(/^:/, '') === 'development' ? 'development' : 'runtime';
  return { name, type, requirement: requirementOf(fields?.requirement, `dependency on '${name}'`) };
}

/** Parses metadata.gz's YAML text; a 422 names what is missing or wrong. */
export function parseGemSpec(yamlText: string): GemSpec {
  let value: unknown;
  try {
    value = yaml().parse(yamlText, {
      schema: 'core',
      logLevel: 'silent',
      maxAliasCount: 100,
      uniqueKeys: false,
    });
  } catch (error) {
    throw bad(`The gem's metadata is not valid YAML: ${(error as Error).message}`);
  }
  const fields = record(value);
  if (!fields) throw bad("The gem's metadata is not a specification.");
  const name = fields.name;
  if (!isGemName(name)) throw bad(`'${String(name)}' is not a valid gem name.`);
  const version = versionOf(fields.version);
  if (!isGemVersion(version)) throw bad(`'${String(version)}' is not a valid gem version.`);
  const platform = text(fields.platform) ?? 'ruby';
  if (platform !== 'ruby' && (!isGemPlatform(platform) || version.includes('-')))
    throw bad(`'${platform}' is not a valid platform for version '${version}'.`);
  const dependencies = Array.isArray(fields.dependencies) ? fields.dependencies.map(dependencyOf) : [];
  const metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(fields.metadata) ?? {})) {
    const value = text(entry);
    if (value !== undefined) metadata[key] = value;
  }
  const date = /^\d{4}-\d{2}-\d{2}/.exec(text(fields.date) ?? '')?.[0] ?? '1980-01-02';
  return {
    name,
    version,
    platform,
    summary: text(fields.summary) ?? '',
    description: text(fields.description),
    authors: strings(fields.authors),
    email: strings(fields.email),
    homepage: text(fields.homepage),
    licenses: strings(fields.licenses ?? fields.license),
    dependencies,
    requiredRubyVersion: requirementOf(fields.required_ruby_version, 'required Ruby version'),
    requiredRubygemsVersion: requirementOf(fields.required_rubygems_version, 'required RubyGems version'),
    date,
    rubygemsVersion: text(fields.rubygems_version) ?? '0',
    specificationVersion: typeof fields.specification_version === 'number' ? fields.specification_version : 4,
    metadata,
  };
}

/** `~> 1.0, >= 1.0.2`: how RubyGems writes a requirement. */
export function requirementText(requirement: Requirement): string {
  return requirement.map(([op, version]) => `${op} ${version}`).join(', ');
}

/** The file name of a gem: `name-version.gem`, or `name-version-platform.gem` for a platform gem. */
export function gemFileName(spec: Pick<GemSpec, 'name' | 'version' | 'platform'>): string {
  return spec.platform === 'ruby'
    ? `${spec.name}-${spec.version}.gem`
    : `${spec.name}-${spec.version}-${spec.platform}.gem`;
}
