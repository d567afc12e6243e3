/**
 * XML from clients and upstreams (POMs, maven-metadata.xml, later .nuspec), read with saxes, a strict XML 1.0
 * parser, into a tree of elements (local names, prefixes dropped) with their text; attributes,
 * comments and processing instructions are skipped. saxes never reads a DTD: the predefined
 * entities and character references are all it knows, so an entity defined in a document is an
 * error, and a document with a DOCTYPE is refused outright. Nothing can make it expand or fetch.
 */
import type * as Saxes from 'saxes';
import { deferredModule } from '../deferred-require';
import { ValidationException } from '../engine/errors';

const saxes = deferredModule<typeof Saxes>('saxes');

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

const maxDepth = 64;

function malformed(what: string, reason: string): ValidationException {
  return new ValidationException(`${what} is not well-formed XML: ${reason}.`);
}

/** Parses `source` (named `what` in errors) and returns its root element. */
export function parseXml(source: string, what: string): XmlElement {
  const parser = new (saxes().SaxesParser)({ position: true });
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let problem: string | undefined;
  const stop = (reason: string): void => {
    problem ??= reason;
  };
  parser.on('error', (error) => stop(error.message));
  parser.on('doctype', () => stop('a DOCTYPE is not accepted'));
  parser.on('opentag', (tag) => {
    if (problem) return;
    if (stack.length > maxDepth) return stop(`nesting deeper than ${maxDepth}`);
    const element: XmlElement = { name: localName(tag.name), children: [], text: '' };
    (stack[stack.length - 1] ?? root).children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    if (!problem) stack.pop();
  });
  const addText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (!problem && top && top !== root) top.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  // saxes reports each problem through 'error' and goes on; the first one decides.
  for (let at = 0; at < source.length && !problem; at += 64 * 1024)
    parser.write(source.slice(at, at + 64 * 1024));
  if (!problem) parser.close();
  if (problem) throw malformed(what, problem.replace(/^(\d+):(\d+): (.*?)\.?$/s, '$3 (line $1, column $2)'));
  const [element] = root.children;
  if (!element) throw malformed(what, 'no root element');
  return element;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

/** The trimmed text of a child element, or undefined when it is absent or empty. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const text = child(element, name)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
