/**
 * A Maven POM read into what dependency resolution needs, and its effective model: the parent chain
 * merged (properties, dependencyManagement and dependencies inherited, the child's winning),
 * `${…}` references expanded from properties and the project's coordinates, BOMs imported into
 * dependencyManagement, and each dependency's missing version and scope taken from it. POMs are
 * read with the project's XML reader (saxes: no DTD, no entities).
 */
import { child, childText, childrenNamed, parseXml, type XmlElement } from '../documents/xml-document';

export interface MavenCoordinates {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

export interface MavenDependency {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version?: string;
  readonly type: string;
  readonly classifier?: string;
  readonly scope?: string;
  readonly optional: boolean;
  /** `group:artifact` pairs, either part may be `*`. */
  readonly exclusions: readonly string[];
}

export interface RawPom {
  readonly groupId?: string;
  readonly artifactId: string;
  readonly version?: string;
  readonly packaging: string;
  readonly parent?: MavenCoordinates;
  readonly properties: ReadonlyMap<string, string>;
  readonly managed: readonly MavenDependency[];
  readonly dependencies: readonly MavenDependency[];
}

export interface EffectivePom extends MavenCoordinates {
  readonly packaging: string;
  readonly managed: readonly MavenDependency[];
  readonly dependencies: readonly MavenDependency[];
  /** Parent POMs and imported BOMs this model was built from (they are needed offline too). */
  readonly inherited: readonly MavenCoordinates[];
}

/** Fetches the POM text of coordinates through the repository, or undefined when it cannot be had. */
export type PomSource = (coordinates: MavenCoordinates) => Promise<string | undefined>;

export class MavenModelError extends Error {}

const maxParents = 16;
const maxImports = 32;

function dependencyOf(element: XmlElement): MavenDependency | undefined {
  const groupId = childText(element, 'groupId');
  const artifactId = childText(element, 'artifactId');
  if (!groupId || !artifactId) return undefined;
  const version = childText(element, 'version');
  const classifier = childText(element, 'classifier');
  const scope = childText(element, 'scope');
  const exclusions = childrenNamed(child(element, 'exclusions'), 'exclusion').map(
    (exclusion) => `${childText(exclusion, 'groupId') ?? '*'}:${childText(exclusion, 'artifactId') ?? '*'}`,
  );
  return {
    groupId,
    artifactId,
    ...(version ? { version } : {}),
    type: childText(element, 'type') ?? 'jar',
    ...(classifier ? { classifier } : {}),
    ...(scope ? { scope } : {}),
    optional: childText(element, 'optional') === 'true',
    exclusions,
  };
}

function dependenciesIn(element: XmlElement | undefined): MavenDependency[] {
  return childrenNamed(child(element, 'dependencies'), 'dependency')
    .map(dependencyOf)
    .filter((dependency): dependency is MavenDependency => dependency !== undefined);
}

export function readPom(text: string, what: string): RawPom {
  const project = parseXml(text, what);
  if (project.name !== 'project')
    throw new MavenModelError(`${what} is not a POM (its root is <${project.name}>).`);
  const artifactId = childText(project, 'artifactId');
  if (!artifactId) throw new MavenModelError(`${what} has no artifactId.`);
  const parentElement = child(project, 'parent');
  const parentGroup = childText(parentElement, 'groupId');
  const parentArtifact = childText(parentElement, 'artifactId');
  const parentVersion = childText(parentElement, 'version');
  const properties = new Map<string, string>();
  for (const property of child(project, 'properties')?.children ?? [])
    properties.set(property.name, property.text.trim());
  const groupId = childText(project, 'groupId');
  const version = childText(project, 'version');
  return {
    ...(groupId ? { groupId } : {}),
    artifactId,
    ...(version ? { version } : {}),
    packaging: childText(project, 'packaging') ?? 'jar',
    ...(parentGroup && parentArtifact && parentVersion
      ? { parent: { groupId: parentGroup, artifactId: parentArtifact, version: parentVersion } }
      : {}),
    properties,
    managed: dependenciesIn(child(project, 'dependencyManagement')),
    dependencies: dependenciesIn(project),
  };
}

export function dependencyKey(
  dependency: Pick<MavenDependency, 'groupId' | 'artifactId' | 'type' | 'classifier'>,
) {
  return `${dependency.groupId}:${dependency.artifactId}:${dependency.type}:${dependency.classifier ?? ''}`;
}

function expander(properties: ReadonlyMap<string, string>): (text: string) => string {
  return (text) => {
    let current = text;
    for (let round = 0; round < 8 && current.includes('${'); round++) {
      current = current.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties.get(key) ?? whole);
    }
    return current;
  };
}

function expandDependency(dependency: MavenDependency, expand: (text: string) => string): MavenDependency {
  return {
    ...dependency,
    groupId: expand(dependency.groupId),
    artifactId: expand(dependency.artifactId),
    ...(dependency.version ? { version: expand(dependency.version) } : {}),
    type: expand(dependency.type),
    ...(dependency.classifier ? { classifier: expand(dependency.classifier) } : {}),
    ...(dependency.scope ? { scope: expand(dependency.scope) } : {}),
  };
}

/** Entries of `later` whose key `earlier` lacks, after `earlier`'s: the first declaration wins. */
function mergeByKey(
  earlier: readonly MavenDependency[],
  later: readonly MavenDependency[],
): MavenDependency[] {
  const keys = new Set(earlier.map(dependencyKey));
  return [...earlier, ...later.filter((dependency) => !keys.has(dependencyKey(dependency)))];
}

export function pomPath(coordinates: MavenCoordinates, extension: string, classifier?: string): string {
  const { groupId, artifactId, version } = coordinates;
  const file = `${artifactId}-${version}${classifier ? `-${classifier}` : ''}.${extension}`;
  return [...groupId.split('.'), artifactId, version, file].map(encodeURIComponent).join('/');
}

/**
 * The effective model of `raw` (a POM already read): its parents are fetched through `source`;
 * a parent or BOM that cannot be had is a MavenModelError naming it.
 */
export async function effectivePom(raw: RawPom, source: PomSource, depth = 0): Promise<EffectivePom> {
  const chain: RawPom[] = [raw];
  const inherited: MavenCoordinates[] = [];
  for (let current = raw; current.parent;) {
    if (chain.length > maxParents)
      throw new MavenModelError(`${raw.artifactId}: more than ${maxParents} parent POMs.`);
    const parent = current.parent;
    const text = await source(parent);
    if (text === undefined)
      throw new MavenModelError(
        `parent POM ${parent.groupId}:${parent.artifactId}:${parent.version} could not be had`,
      );
    inherited.push(parent);
    current = readPom(text, `POM ${parent.groupId}:${parent.artifactId}:${parent.version}`);
    chain.push(current);
  }
  const groupId = raw.groupId ?? raw.parent?.groupId;
  const version = raw.version ?? raw.parent?.version;
  if (!groupId || !version)
    throw new MavenModelError(`${raw.artifactId}: the POM names no groupId or version.`);
  const properties = new Map<string, string>();
  for (const pom of [...chain].reverse())
    for (const [key, value] of pom.properties) properties.set(key, value);
  for (const prefix of ['project.', 'pom.', '']) {
    properties.set(`${prefix}groupId`, groupId);
    properties.set(`${prefix}version`, version);
    properties.set(`${prefix}artifactId`, raw.artifactId);
  }
  if (raw.parent) {
    properties.set('project.parent.version', raw.parent.version);
    properties.set('project.parent.groupId', raw.parent.groupId);
  }
  const expand = expander(properties);
  let managed: MavenDependency[] = [];
  let dependencies: MavenDependency[] = [];
  for (const pom of chain) {
    managed = mergeByKey(
      managed,
      pom.managed.map((entry) => expandDependency(entry, expand)),
    );
    dependencies = mergeByKey(
      dependencies,
      pom.dependencies.map((entry) => expandDependency(entry, expand)),
    );
  }
  const imports = managed.filter(
    (entry) => entry.scope === 'import' && entry.type === 'pom' && entry.version,
  );
  managed = managed.filter((entry) => !imports.includes(entry));
  if (imports.length > maxImports || depth > 4)
    throw new MavenModelError(`${raw.artifactId}: too many nested BOM imports.`);
  for (const bom of imports) {
    const coordinates = { groupId: bom.groupId, artifactId: bom.artifactId, version: bom.version ?? '' };
    const text = await source(coordinates);
    if (text === undefined)
      throw new MavenModelError(
        `imported BOM ${coordinates.groupId}:${coordinates.artifactId}:${coordinates.version} could not be had`,
      );
    const imported = await effectivePom(readPom(text, `BOM ${coordinates.artifactId}`), source, depth + 1);
    inherited.push(coordinates, ...imported.inherited);
    managed = mergeByKey(managed, imported.managed);
  }
  const managedByKey = new Map(managed.map((entry) => [dependencyKey(entry), entry]));
  dependencies = dependencies.map((dependency) => {
    const rule = managedByKey.get(dependencyKey(dependency));
    if (!rule) return dependency;
    return {
      ...dependency,
      ...(dependency.version === undefined && rule.version ? { version: rule.version } : {}),
      ...(dependency.scope === undefined && rule.scope ? { scope: rule.scope } : {}),
      exclusions: [...dependency.exclusions, ...rule.exclusions],
    };
  });
  return {
    groupId,
    artifactId: raw.artifactId,
    version,
    packaging: raw.packaging,
    managed,
    dependencies,
    inherited,
  };
}
