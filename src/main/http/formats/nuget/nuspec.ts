/**
 * A package's .nuspec (the manifest inside a .nupkg), read with saxes, a strict XML parser that never
 * reads a DTD: a document with a DOCTYPE is refused, entities are the predefined ones only, nesting
 * is bounded. The nuspec needs attributes (dependency ids and ranges, target frameworks, the licence
 * type), so it is read into its own small model rather than a text-only tree.
 */
import type * as Saxes from 'saxes';
import { deferredModule } from '../../../deferred-require';
import { FormatProblem } from '../format-errors';

const saxes = deferredModule<typeof Saxes>('saxes');

export interface NuspecDependency {
  readonly id: string;
  readonly range?: string;
}

export interface NuspecDependencyGroup {
  readonly targetFramework?: string;
  readonly dependencies: NuspecDependency[];
}

export interface Nuspec {
  readonly id: string;
  readonly version: string;
  readonly authors?: string;
  readonly title?: string;
  readonly description?: string;
  readonly summary?: string;
  readonly projectUrl?: string;
  readonly repositoryUrl?: string;
  readonly licenseExpression?: string;
  readonly licenseUrl?: string;
  readonly tags: string[];
  /** The path of the readme file inside the package, when the nuspec names one. */
  readonly readme?: string;
  readonly dependencyGroups: NuspecDependencyGroup[];
}

/** NuGet package ids: letters, digits, `_`, `-` and `.`, no `..`, at most 100 characters. */
const idPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
const versionPattern = /^\d+(?:\.\d+){1,3}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z.-]+)?$/;
const maxDepth = 32;

export function isNugetId(id: unknown): id is string {
  return typeof id === 'string' && idPattern.test(id) && !id.includes('..');
}

export function isNugetVersion(version: unknown): version is string {
  return typeof version === 'string' && versionPattern.test(version);
}

function bad(message: string): FormatProblem {
  return new FormatProblem(400, message);
}

interface Element {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Element[];
  text: string;
}

function parseElements(xml: string, what: string): Element {
  const parser = new (saxes().SaxesParser)();
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.on('doctype', () => {
    throw bad(`${what} has a DOCTYPE; it is refused.`);
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= maxDepth) throw bad(`${what} nests deeper than ${maxDepth} elements.`);
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    const element: Element = {
      name,
      attributes: { ...tag.attributes } as Record<string, string>,
      children: [],
      text: '',
    };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof FormatProblem) throw error;
    throw bad(`${what} is not well-formed XML: ${(error as Error).message}`);
  }
  if (!root) throw bad(`${what} has no root element.`);
  return root;
}

function child(element: Element | undefined, name: string): Element | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

function textOf(element: Element | undefined, name: string): string | undefined {
  const value = child(element, name)?.text.trim();
  return value === undefined || value === '' ? undefined : value;
}

function dependencyOf(element: Element): NuspecDependency {
  const id = element.attributes.id;
  if (!isNugetId(id)) throw bad(`A dependency of the package has an invalid id '${String(id)}'.`);
  return { id, range: element.attributes.version };
}

export function parseNuspec(xml: string): Nuspec {
  const what = 'The .nuspec';
  const root = parseElements(xml, what);
  if (root.name !== 'package') throw bad(`${what} has no <package> root element.`);
  const metadata = child(root, 'metadata');
  const id = textOf(metadata, 'id');
  const version = textOf(metadata, 'version');
  if (!isNugetId(id)) throw bad(`${what} has no valid <id> ('${String(id)}').`);
  if (!isNugetVersion(version)) throw bad(`${what} has no valid <version> ('${String(version)}').`);
  const dependencies = child(metadata, 'dependencies');
  const groups: NuspecDependencyGroup[] = [];
  const loose = dependencies?.children.filter((element) => element.name === 'dependency') ?? [];
  if (loose.length > 0) groups.push({ dependencies: loose.map(dependencyOf) });
  for (const group of dependencies?.children.filter((element) => element.name === 'group') ?? []) {
    groups.push({
      targetFramework: group.attributes.targetFramework,
      dependencies: group.children.filter((element) => element.name === 'dependency').map(dependencyOf),
    });
  }
  const license = child(metadata, 'license');
  return {
    id,
    version,
    authors: textOf(metadata, 'authors'),
    title: textOf(metadata, 'title'),
    description: textOf(metadata, 'description'),
    summary: textOf(metadata, 'summary'),
    projectUrl: textOf(metadata, 'projectUrl'),
    repositoryUrl: child(metadata, 'repository')?.attributes.url,
    licenseExpression: license?.attributes.type === 'expression' ? license.text.trim() : undefined,
    licenseUrl: textOf(metadata, 'licenseUrl'),
    tags: (textOf(metadata, 'tags') ?? '').split(/[\s,]+/).filter((tag) => tag !== ''),
    readme: textOf(metadata, 'readme'),
    dependencyGroups: groups,
  };
}
