/**
 * What a POM tells about its version, in the engine's terms: name → displayName, description →
 * summary, url → homePage, scm url → sourceCodeRepository, licenses, and dependencies (groupId as
 * namespace, scope as dependencyType, `compile` when absent). `${…}` references to the POM's own
 * properties and coordinates are expanded; others are left as written.
 */
import type {
  DependencyEntry,
  LicenseEntry,
  VersionMetadata,
} from '../../../engine/packages/package-records';
import { child, childText, childrenNamed, parseXml, type XmlElement } from '../../../documents/xml-document';

function propertiesOf(project: XmlElement): Map<string, string> {
  const parent = child(project, 'parent');
  const values = new Map<string, string>();
  for (const property of child(project, 'properties')?.children ?? [])
    values.set(property.name, property.text.trim());
  const groupId = childText(project, 'groupId') ?? childText(parent, 'groupId');
  const version = childText(project, 'version') ?? childText(parent, 'version');
  const artifactId = childText(project, 'artifactId');
  for (const prefix of ['project.', 'pom.', '']) {
    if (groupId) values.set(`${prefix}groupId`, groupId);
    if (version) values.set(`${prefix}version`, version);
    if (artifactId) values.set(`${prefix}artifactId`, artifactId);
  }
  const parentVersion = childText(parent, 'version');
  if (parentVersion) values.set('project.parent.version', parentVersion);
  const parentGroup = childText(parent, 'groupId');
  if (parentGroup) values.set('project.parent.groupId', parentGroup);
  return values;
}

function expander(properties: Map<string, string>): (text: string | undefined) => string | undefined {
  return (text) => {
    if (text === undefined) return undefined;
    let current = text;
    // A few rounds cover properties that refer to other properties; cycles simply stop expanding.
    for (let round = 0; round < 5 && current.includes('${'); round++) {
      current = current.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties.get(key) ?? whole);
    }
    return current;
  };
}

export function pomMetadata(pom: string): VersionMetadata {
  const project = parseXml(pom, 'The POM');
  const expand = expander(propertiesOf(project));
  const licenses: LicenseEntry[] = childrenNamed(child(project, 'licenses'), 'license').map((license) => {
    const name = expand(childText(license, 'name'));
    const url = expand(childText(license, 'url'));
    return { ...(name ? { name } : {}), ...(url ? { url } : {}) };
  });
  const dependencies: DependencyEntry[] = [];
  for (const dependency of childrenNamed(child(project, 'dependencies'), 'dependency')) {
    const artifactId = expand(childText(dependency, 'artifactId'));
    if (!artifactId) continue;
    const namespace = expand(childText(dependency, 'groupId'));
    const versionRequirement = expand(childText(dependency, 'version'));
    dependencies.push({
      package: artifactId,
      ...(namespace ? { namespace } : {}),
      dependencyType: expand(childText(dependency, 'scope')) ?? 'compile',
      ...(versionRequirement ? { versionRequirement } : {}),
    });
  }
  const displayName = expand(childText(project, 'name'));
  const summary = expand(childText(project, 'description'));
  const homePage = expand(childText(project, 'url'));
  const sourceCodeRepository = expand(childText(child(project, 'scm'), 'url'));
  return {
    ...(displayName ? { displayName } : {}),
    ...(summary ? { summary } : {}),
    ...(homePage ? { homePage } : {}),
    ...(sourceCodeRepository ? { sourceCodeRepository } : {}),
    ...(licenses.length > 0 ? { licenses } : {}),
    dependencies,
  };
}
