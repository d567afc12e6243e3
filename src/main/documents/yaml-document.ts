/**
 * YAML from uploads (a .gem's metadata.gz, a Gem::Specification), read with `yaml` into plain data.
 * Application tags such as `!ruby/object:Gem::Version` are not resolved to objects: the tagged
 * mapping or scalar is kept as plain data, which is all a reader of metadata needs. Aliases are
 * capped (the YAML form of billion laughs) and so is the size; a document that breaks either, or
 * does not parse, is a 400 naming it.
 */
import type * as Yaml from 'yaml';
import { deferredModule } from '../deferred-require';
import { ValidationException } from '../engine/errors';

const yaml = deferredModule<typeof Yaml>('yaml');

export interface YamlLimits {
  /** Characters of YAML text. */
  readonly maxChars?: number;
  /** Alias nodes resolved while converting (yaml's own guard against expansion bombs). */
  readonly maxAliasCount?: number;
}

function malformed(what: string, reason: string): ValidationException {
  return new ValidationException(`${what} is not valid YAML: ${reason}.`);
}

/** The plain data of the single YAML document in `text`. */
export function parseYaml(text: string, what: string, limits: YamlLimits = {}): unknown {
  const maxChars = limits.maxChars ?? 4 * 1024 * 1024;
  if (text.length > maxChars) throw malformed(what, `it is longer than ${maxChars} characters`);
  const document = yaml().parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: false,
    // Keys that would change an object's prototype are kept as data, never applied.
    merge: false,
    strict: true,
  });
  const [error] = document.errors;
  if (error) throw malformed(what, error.message.split('\n')[0] ?? error.code);
  try {
    return document.toJS({ maxAliasCount: limits.maxAliasCount ?? 100 });
  } catch (caught) {
    throw malformed(what, (caught as Error).message.split('\n')[0] ?? 'it cannot be converted');
  }
}
