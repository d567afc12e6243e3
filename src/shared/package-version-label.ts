/**
 * How a package version is written for people, in the CLI and the UI alike, and read back from the
 * command line: `FORMAT:NAME@VERSION` with the namespace before the name (`npm:@acme/widget@1.0.0`,
 * `maven:com.acme/lib@2.1`, `pypi:requests@2.32.3`).
 */

export interface VersionCoordinates {
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
}

/** The package as a client names it: an npm scope with its '@', other namespaces before a '/'. */
export function packageLabel(entry: Omit<VersionCoordinates, 'version'>): string {
  if (!entry.namespace) return entry.package;
  return entry.format === 'npm'
    ? `@${entry.namespace}/${entry.package}`
    : `${entry.namespace}/${entry.package}`;
}

export function versionLabel(entry: VersionCoordinates): string {
  return `${entry.format}:${packageLabel(entry)}@${entry.version}`;
}

/** Reads `FORMAT:[NAMESPACE/]NAME@VERSION`; undefined when the text is not of that shape. */
export function parseVersionLabel(text: string): VersionCoordinates | undefined {
  const colon = text.indexOf(':');
  const at = text.lastIndexOf('@');
  if (colon <= 0 || at <= colon + 1 || at === text.length - 1) return undefined;
  const format = text.slice(0, colon);
  const path = text.slice(colon + 1, at);
  const version = text.slice(at + 1);
  const slash = path.lastIndexOf('/');
  const name = slash < 0 ? path : path.slice(slash + 1);
  let namespace = slash < 0 ? '' : path.slice(0, slash);
  if (format === 'npm' && namespace.startsWith('@')) namespace = namespace.slice(1);
  if (!name || (slash >= 0 && !namespace)) return undefined;
  return { format, ...(namespace ? { namespace } : {}), package: name, version };
}
