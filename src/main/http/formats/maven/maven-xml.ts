/**
 * A small XML reader for the two kinds of files Maven clients send: POMs and maven-metadata.xml.
 * It builds a tree of elements (local names, prefixes dropped) with their text; attributes,
 * comments, processing instructions and the DOCTYPE are skipped. Entities are limited to the
 * predefined five and character references, so no document can make it expand or fetch anything.
 */
import { ValidationException } from '../../../engine/errors';

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

const maxDepth = 64;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function malformed(what: string, reason: string): ValidationException {
  return new ValidationException(`${what} is not well-formed XML: ${reason}.`);
}

/** Parses `source` (named `what` in errors) and returns its root element. */
export function parseXml(source: string, what: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const top = stack[stack.length - 1] ?? root;
    if (open < 0) {
      if (source.slice(index).trim() !== '') throw malformed(what, 'text after the root element');
      break;
    }
    if (open > index) top.text += decodeEntities(source.slice(index, open));
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open + 4);
      if (end < 0) throw malformed(what, 'unterminated comment');
      index = end + 3;
    } else if (source.startsWith('<![CDATA[', open)) {
      const end = source.indexOf(']]>', open + 9);
      if (end < 0) throw malformed(what, 'unterminated CDATA section');
      top.text += source.slice(open + 9, end);
      index = end + 3;
    } else if (source.startsWith('<?', open)) {
      const end = source.indexOf('?>', open + 2);
      if (end < 0) throw malformed(what, 'unterminated processing instruction');
      index = end + 2;
    } else if (source.startsWith('<!', open)) {
      // A DOCTYPE (possibly with an internal subset in brackets); its declarations are ignored.
      let depth = 0;
      let cursor = open + 2;
      for (; cursor < source.length; cursor++) {
        const char = source[cursor];
        if (char === '[') depth++;
        else if (char === ']') depth--;
        else if (char === '>' && depth <= 0) break;
      }
      if (cursor >= source.length) throw malformed(what, 'unterminated declaration');
      index = cursor + 1;
    } else if (source.startsWith('</', open)) {
      const end = source.indexOf('>', open);
      if (end < 0) throw malformed(what, 'unterminated end tag');
      const name = localName(source.slice(open + 2, end).trim());
      const closing = stack.pop();
      if (!closing || closing === root || closing.name !== name)
        throw malformed(what, `unexpected </${name}>`);
      index = end + 1;
    } else {
      const end = tagEnd(source, open);
      if (end < 0) throw malformed(what, 'unterminated start tag');
      const body = source.slice(open + 1, end);
      const selfClosing = body.endsWith('/');
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw malformed(what, 'a tag without a name');
      const element: XmlElement = { name: localName(nameMatch[0]), children: [], text: '' };
      if (top === root && root.children.length > 0) throw malformed(what, 'more than one root element');
      top.children.push(element);
      if (!selfClosing) {
        if (stack.length > maxDepth) throw malformed(what, `nesting deeper than ${maxDepth}`);
        stack.push(element);
      }
      index = end + 1;
    }
  }
  if (stack.length > 1) throw malformed(what, `<${stack[stack.length - 1]?.name}> is not closed`);
  const [element] = root.children;
  if (!element) throw malformed(what, 'no root element');
  return element;
}

/** The index of the `>` closing the tag that starts at `open`, skipping quoted attribute values. */
function tagEnd(source: string, open: number): number {
  let quote: string | undefined;
  for (let cursor = open + 1; cursor < source.length; cursor++) {
    const char = source[cursor];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return cursor;
  }
  return -1;
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
