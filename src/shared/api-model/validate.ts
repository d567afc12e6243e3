/**
 * Checks a bound operation input against the API model the way the service does before any
 * behaviour runs: required members, lengths, patterns, enums, ranges, list sizes and nested
 * structures. Messages follow AWS's wording so clients and people see what they would see there.
 * HTTP and IPC share it through the engine's single entry point.
 */
import type { OperationName } from '../operations';
import { apiModel } from './index';
import type { ListShape, MapShape, NumberShape, Shape, StringShape, StructureShape } from './shape-dsl';

/** One failed constraint: where (member path) and what the value was. */
export interface Violation {
  readonly path: string;
  readonly value: unknown;
  readonly constraint: string;
}

/** AWS's rendering of a value inside a validation message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value))
    return `[${value.map((item) => (typeof item === 'string' ? item : describeValue(item))).join(', ')}]`;
  return "'[object]'";
}

export function formatViolation(violation: Violation): string {
  return `Value ${describeValue(violation.value)} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`;
}

/** `1 validation error detected: …` or `N validation errors detected: A; B`. */
export function formatViolations(violations: readonly Violation[]): string {
  const count = violations.length;
  const heading = count === 1 ? '1 validation error detected' : `${count} validation errors detected`;
  return `${heading}: ${violations.map(formatViolation).join('; ')}`;
}

/**
 * String length as the model's length constraints count it: in Unicode code points, so a
 * character outside the Basic Multilingual Plane counts once, not twice.
 */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length += 1;
  return length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function checkString(shape: StringShape, value: string, path: string, out: Violation[]): void {
  const length = codePointLength(value);
  if (shape.min !== undefined && length < shape.min) {
    out.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && length > shape.max) {
    out.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
  }
  if (shape.pattern && !shape.pattern.regex.test(value)) {
    out.push({
      path,
      value,
      constraint: `Member must satisfy regular expression pattern: ${shape.pattern.source}`,
    });
  }
  if (shape.enum && !shape.enum.includes(value)) {
    out.push({ path, value, constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
  }
}

function checkNumber(shape: NumberShape, value: number, path: string, out: Violation[]): void {
  if (shape.min !== undefined && value < shape.min) {
    out.push({ path, value, constraint: `Member must have value greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && value > shape.max) {
    out.push({ path, value, constraint: `Member must have value less than or equal to ${shape.max}` });
  }
}

function checkList(shape: ListShape, value: unknown[], path: string, out: Violation[]): void {
  if (shape.min !== undefined && value.length < shape.min) {
    out.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && value.length > shape.max) {
    out.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
  }
  value.forEach((item, index) => {
    // AWS numbers list items from 1 and names them `member`.
    const itemPath = `${path}.${index + 1}.member`;
    if (item === null || item === undefined) {
      out.push({ path: itemPath, value: item, constraint: 'Member must not be null' });
    } else {
      checkValue(shape.member, item, itemPath, out);
    }
  });
}

function checkMap(shape: MapShape, value: Record<string, unknown>, path: string, out: Violation[]): void {
  for (const [key, item] of Object.entries(value)) {
    checkString(shape.key, key, `${path}.key`, out);
    const itemPath = `${path}.${key}`;
    if (item === null || item === undefined) {
      out.push({ path: itemPath, value: item, constraint: 'Member must not be null' });
    } else {
      checkValue(shape.value, item, itemPath, out);
    }
  }
}

function checkStructure(
  shape: StructureShape,
  value: Record<string, unknown>,
  prefix: string,
  out: Violation[],
): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const memberValue = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
    if (memberValue === undefined || memberValue === null) {
      if (member.required) out.push({ path, value: null, constraint: 'Member must not be null' });
      continue;
    }
    checkValue(member.shape, memberValue, path, out);
  }
}

function typeMismatch(path: string, value: unknown, type: string): Violation {
  return { path, value, constraint: `Member must be of type ${type}` };
}

function checkValue(shape: Shape, value: unknown, path: string, out: Violation[]): void {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') out.push(typeMismatch(path, value, 'string'));
      else checkString(shape, value, path, out);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        out.push(typeMismatch(path, value, shape.kind));
      else checkNumber(shape, value, path, out);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(typeMismatch(path, value, 'boolean'));
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime()))
        out.push(typeMismatch(path, value, 'timestamp'));
      return;
    case 'blob':
      // Bytes arrive as a buffer, a string or (for streaming blobs) a readable stream.
      if (typeof value !== 'string' && typeof value !== 'object') out.push(typeMismatch(path, value, 'blob'));
      return;
    case 'list':
      if (!Array.isArray(value)) out.push(typeMismatch(path, value, 'list'));
      else checkList(shape, value, path, out);
      return;
    case 'map':
      if (!isPlainObject(value)) out.push(typeMismatch(path, value, 'map'));
      else checkMap(shape, value, path, out);
      return;
    case 'structure':
      if (!isPlainObject(value)) out.push(typeMismatch(path, value, 'structure'));
      else checkStructure(shape, value, path, out);
      return;
  }
}

/** Every violation of `shape` by `value`, with member paths relative to the top-level structure. */
export function findViolations(shape: StructureShape, value: unknown): Violation[] {
  const out: Violation[] = [];
  if (value === undefined || value === null) {
    checkStructure(shape, {}, '', out);
  } else if (!isPlainObject(value)) {
    out.push(typeMismatch(shape.name, value, 'structure'));
  } else {
    checkStructure(shape, value, '', out);
  }
  return out;
}

/**
 * The ValidationException message for `input` to `operation`, or undefined when the input
 * satisfies every constraint of the model. Members the model does not know are ignored, as the
 * service ignores them.
 */
export function validateInput(operation: OperationName, input: unknown): string | undefined {
  const model = apiModel[operation];
  if (!model) return `The operation ${String(operation)} is not part of the CodeArtifact API.`;
  const violations = findViolations(model.input, input);
  return violations.length === 0 ? undefined : formatViolations(violations);
}
