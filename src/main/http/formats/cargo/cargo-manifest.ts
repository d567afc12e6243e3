/**
 * The metadata `cargo publish` sends ahead of the crate (Cargo's registry publish API), checked, and
 * turned into what the registry keeps: the crate's sparse-index entry (dependencies with their
 * features, kinds, targets and renames; features; links; rust-version) and the version metadata the
 * CodeArtifact API reports (description, licence, home page, repository, readme, dependencies).
 */
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { FormatProblem } from '../format-errors';
import { isCrateName, isCrateVersion } from './cargo-names';

export interface PublishDependency {
  readonly name: string;
  readonly version_req: string;
  readonly features: string[];
  readonly optional: boolean;
  readonly default_features: boolean;
  readonly target: string | null;
  readonly kind: string;
  readonly registry: string | null;
  readonly explicit_name_in_toml: string | null;
}

export interface PublishMetadata {
  readonly name: string;
  readonly vers: string;
  readonly deps: PublishDependency[];
  readonly features: Record<string, string[]>;
  readonly description: string | null;
  readonly homepage: string | null;
  readonly documentation: string | null;
  readonly repository: string | null;
  readonly license: string | null;
  readonly readme: string | null;
  readonly links: string | null;
  readonly rust_version: string | null;
}

/** One line of a sparse-index file, as Cargo reads it. */
export interface IndexEntry {
  readonly name: string;
  readonly vers: string;
  readonly deps: {
    name: string;
    req: string;
    features: string[];
    optional: boolean;
    default_features: boolean;
    target: string | null;
    kind: string;
    registry?: string;
    package?: string;
  }[];
  readonly cksum: string;
  readonly features: Record<string, string[]>;
  readonly features2?: Record<string, string[]>;
  yanked: boolean;
  readonly links: string | null;
  readonly v: number;
  readonly rust_version?: string;
}

const dependencyKinds = new Set(['normal', 'dev', 'build']);

function bad(message: string): FormatProblem {
  return new FormatProblem(400, message);
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw bad(`The publish metadata's '${field}' must be a string.`);
  return value;
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw bad(`The publish metadata's '${field}' must be a list of strings.`);
  return value as string[];
}

function featureTable(value: unknown): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw bad("The publish metadata's 'features' must be a table of feature lists.");
  const table: Record<string, string[]> = {};
  for (const [feature, members] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_+.-]{0,99}$/.test(feature))
      throw bad(`'${feature}' is not a valid feature name.`);
    table[feature] = stringList(members, `features.${feature}`);
  }
  return table;
}

function dependency(value: unknown, index: number): PublishDependency {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`Dependency ${index + 1} of the publish metadata is not an object.`);
  const record = value as Record<string, unknown>;
  const name = record.name;
  if (!isCrateName(name)) throw bad(`Dependency ${index + 1} has no valid crate name.`);
  const versionReq = record.version_req;
  if (typeof versionReq !== 'string' || versionReq === '')
    throw bad(`Dependency '${name}' has no version requirement.`);
  const kind = record.kind ?? 'normal';
  if (typeof kind !== 'string' || !dependencyKinds.has(kind))
    throw bad(`Dependency '${name}' has an unknown kind '${String(kind)}'.`);
  const explicit = optionalString(record.explicit_name_in_toml, 'explicit_name_in_toml');
  if (explicit !== null && !isCrateName(explicit))
    throw bad(`Dependency '${name}' is renamed to an invalid name '${explicit}'.`);
  return {
    name,
    version_req: versionReq,
    features: stringList(record.features, `deps.${name}.features`),
    optional: record.optional === true,
    default_features: record.default_features !== false,
    target: optionalString(record.target, `deps.${name}.target`),
    kind,
    registry: optionalString(record.registry, `deps.${name}.registry`),
    explicit_name_in_toml: explicit,
  };
}

/** Parses and checks the JSON `cargo publish` sends; a 400 names what is wrong. */
export function parsePublishMetadata(json: Buffer): PublishMetadata {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw bad('The publish metadata is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('The publish metadata must be a JSON object.');
  const record = value as Record<string, unknown>;
  if (!isCrateName(record.name))
    throw bad(
      `'${String(record.name)}' is not a valid crate name (ASCII letters, digits, '-' and '_', starting with a letter, at most 64).`,
    );
  if (!isCrateVersion(record.vers)) throw bad(`'${String(record.vers)}' is not a valid SemVer version.`);
  if (record.deps !== undefined && !Array.isArray(record.deps))
    throw bad("The publish metadata's 'deps' must be a list.");
  const deps = ((record.deps as unknown[] | undefined) ?? []).map(dependency);
  return {
    name: record.name,
    vers: record.vers,
    deps,
    features: featureTable(record.features),
    description: optionalString(record.description, 'description'),
    homepage: optionalString(record.homepage, 'homepage'),
    documentation: optionalString(record.documentation, 'documentation'),
    repository: optionalString(record.repository, 'repository'),
    license: optionalString(record.license, 'license'),
    readme: optionalString(record.readme, 'readme'),
    links: optionalString(record.links, 'links'),
    rust_version: optionalString(record.rust_version, 'rust_version'),
  };
}

/** Features using `dep:` or `crate?/feature` need index format 2, kept apart as Cargo's own registry does. */
function usesNewFeatureSyntax(members: readonly string[]): boolean {
  return members.some((member) => member.startsWith('dep:') || member.includes('?/'));
}

export function indexEntryOf(metadata: PublishMetadata, cksum: string): IndexEntry {
  const features: Record<string, string[]> = {};
  const features2: Record<string, string[]> = {};
  for (const [feature, members] of Object.entries(metadata.features)) {
    (usesNewFeatureSyntax(members) ? features2 : features)[feature] = members;
  }
  const hasFeatures2 = Object.keys(features2).length > 0;
  return {
    name: metadata.name,
    vers: metadata.vers,
    deps: metadata.deps.map((dep) => ({
      name: dep.explicit_name_in_toml ?? dep.name,
      req: dep.version_req,
      features: dep.features,
      optional: dep.optional,
      default_features: dep.default_features,
      target: dep.target,
      kind: dep.kind,
      ...(dep.registry === null ? {} : { registry: dep.registry }),
      ...(dep.explicit_name_in_toml === null ? {} : { package: dep.name }),
    })),
    cksum,
    features,
    ...(hasFeatures2 ? { features2 } : {}),
    yanked: false,
    links: metadata.links,
    v: hasFeatures2 ? 2 : 1,
    ...(metadata.rust_version === null ? {} : { rust_version: metadata.rust_version }),
  };
}

/** The blob_facts kind under which a crate file's index entry is kept with it. */
export const cargoIndexFact = 'cargo-index-entry';

/** What is recorded with a crate file (blob_facts): its index entry. */
export function crateFileFacts(entry: IndexEntry): Record<string, string> {
  return { [cargoIndexFact]: JSON.stringify(entry) };
}

/** A stored index entry, or undefined when the text is not one. */
export function storedIndexEntry(text: string | null | undefined): IndexEntry | undefined {
  if (text === undefined || text === null) return undefined;
  try {
    const value = JSON.parse(text) as IndexEntry;
    return typeof value === 'object' && value !== null && typeof value.vers === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The publish metadata that yields a stored index entry again (its inverse, with the texts the
 * CodeArtifact API reports of the version), for sending a crate on to another registry.
 */
export function publishMetadataOf(entry: IndexEntry, metadata: VersionMetadata): PublishMetadata {
  return {
    name: entry.name,
    vers: entry.vers,
    deps: entry.deps.map((dep) => ({
      name: dep.package ?? dep.name,
      version_req: dep.req,
      features: dep.features,
      optional: dep.optional,
      default_features: dep.default_features,
      target: dep.target,
      kind: dep.kind,
      registry: dep.registry ?? null,
      explicit_name_in_toml: dep.package === undefined ? null : dep.name,
    })),
    features: { ...entry.features, ...entry.features2 },
    description: metadata.summary ?? null,
    homepage: metadata.homePage ?? null,
    documentation: null,
    repository: metadata.sourceCodeRepository ?? null,
    license: metadata.licenses?.[0]?.name ?? null,
    readme: metadata.readme ?? null,
    links: entry.links,
    rust_version: entry.rust_version ?? null,
  };
}

/** What ListPackageVersionDependencies, DescribePackageVersion and the readme report. */
export function versionMetadataOf(metadata: PublishMetadata): VersionMetadata {
  return {
    displayName: metadata.name,
    summary: metadata.description ?? undefined,
    homePage: metadata.homepage ?? metadata.documentation ?? undefined,
    sourceCodeRepository: metadata.repository ?? undefined,
    licenses: metadata.license === null ? undefined : [{ name: metadata.license }],
    readme: metadata.readme ?? undefined,
    dependencies: metadata.deps.map((dep) => ({
      package: dep.name,
      dependencyType: dep.kind,
      versionRequirement: dep.version_req,
    })),
  };
}
