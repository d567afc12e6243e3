/**
 * restJson1 request binding: turns the query string, headers, JSON body and payload stream of an
 * HTTP request into an operation's input object, member by member as the API model places them.
 * Only wire-level problems are reported here (text that cannot be a number, a body that is not
 * JSON); constraint checks are the validator's job.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { OperationModel } from '../../../shared/api-model';
import type { Shape, StructureShape } from '../../../shared/api-model/shape-dsl';
import { formatViolations, type Violation } from '../../../shared/api-model/validate';
import { ValidationException } from '../../engine/errors';

export interface HttpInputParts {
  readonly query: ReadonlyMap<string, readonly string[]>;
  readonly headers: IncomingHttpHeaders;
  /** The buffered JSON body, for operations that have body members. */
  readonly body?: Uint8Array;
  /** The request stream, for operations whose payload is a streaming blob. */
  readonly payloadStream?: Readable;
}

/** Whether the operation's input has members in the JSON body. */
export function hasBodyMembers(shape: StructureShape): boolean {
  return Object.values(shape.members).some((member) => member.location === 'body');
}

/** Whether the operation's input payload is a stream that must never be buffered. */
export function hasStreamingPayload(shape: StructureShape): boolean {
  return Object.values(shape.members).some(
    (member) => member.location === 'payload' && member.shape.kind === 'blob' && member.shape.streaming,
  );
}

const integerText = /^[+-]?\d+$/;

/** Reads a query or header string as the member's scalar type. */
function coerceText(shape: Shape, text: string, path: string, problems: Violation[]): unknown {
  switch (shape.kind) {
    case 'integer':
    case 'long': {
      const value = Number(text);
      if (!integerText.test(text) || !Number.isSafeInteger(value)) {
        problems.push({ path, value: text, constraint: `Member must be of type ${shape.kind}` });
        return undefined;
      }
      return value;
    }
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      problems.push({ path, value: text, constraint: 'Member must be of type boolean' });
      return undefined;
    case 'timestamp': {
      const time = Date.parse(text);
      if (Number.isNaN(time)) {
        problems.push({ path, value: text, constraint: 'Member must be of type timestamp' });
        return undefined;
      }
      return new Date(time);
    }
    default:
      return text;
  }
}

function parseJsonBody(body: Uint8Array | undefined): Record<string, unknown> {
  const text =
    body === undefined ? '' : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationException(`The request body is not valid JSON: ${reason}`, 'CANNOT_PARSE');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationException('The request body must be a JSON object.', 'CANNOT_PARSE');
  }
  return parsed as Record<string, unknown>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A JSON value read as `shape`: timestamps from epoch seconds, structures reduced to the members
 * the model knows. Values of the wrong JSON type are passed on unchanged for the validator to name.
 */
function fromJson(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.kind) {
    case 'timestamp':
      return typeof value === 'number' ? new Date(value * 1000) : value;
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => fromJson(shape.member, item)) : value;
    case 'map':
      // fromEntries defines keys as own properties, so a key such as "__proto__" stays data.
      return isJsonObject(value)
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromJson(shape.value, item)]))
        : value;
    case 'structure': {
      if (!isJsonObject(value)) return value;
      const result: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members)) {
        if (!Object.prototype.hasOwnProperty.call(value, member.wireName)) continue;
        const item = fromJson(member.shape, value[member.wireName]);
        if (item !== undefined) result[name] = item;
      }
      return result;
    }
    default:
      return value;
  }
}

function headerText(headers: IncomingHttpHeaders, wireName: string): string | undefined {
  const value = headers[wireName.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The operation input bound from the request; throws ValidationException for wire-level faults. */
export function bindInput(model: OperationModel, parts: HttpInputParts): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const problems: Violation[] = [];
  const json = hasBodyMembers(model.input) ? parseJsonBody(parts.body) : {};

  for (const [name, member] of Object.entries(model.input.members)) {
    let value: unknown;
    switch (member.location) {
      case 'querystring': {
        const values = parts.query.get(member.wireName);
        if (values === undefined || values.length === 0) break;
        if (member.shape.kind === 'list') {
          const itemShape = member.shape.member;
          value = values.map((text, index) =>
            coerceText(itemShape, text, `${name}.${index + 1}.member`, problems),
          );
        } else {
          value = coerceText(member.shape, values[0] as string, name, problems);
        }
        break;
      }
      case 'header': {
        const text = headerText(parts.headers, member.wireName);
        if (text !== undefined) value = coerceText(member.shape, text, name, problems);
        break;
      }
      case 'payload':
        if (member.shape.kind === 'blob' && member.shape.streaming) value = parts.payloadStream;
        else if (member.shape.kind === 'blob')
          value = parts.body === undefined ? undefined : Buffer.from(parts.body);
        break;
      case 'body':
        if (Object.prototype.hasOwnProperty.call(json, member.wireName))
          value = fromJson(member.shape, json[member.wireName]);
        break;
    }
    if (value !== undefined) input[name] = value;
  }

  if (problems.length > 0) throw new ValidationException(formatViolations(problems));
  return input;
}
