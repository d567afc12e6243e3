/**
 * restJson1 response serialisation: header-bound output members become headers, a payload member
 * becomes the raw body (streamed when it is a stream), and everything else goes into the JSON body
 * with timestamps as epoch seconds and absent members left out.
 */
import { Readable } from 'node:stream';
import type { OperationModel } from '../../../shared/api-model';
import type { Shape } from '../../../shared/api-model/shape-dsl';

export interface SerialisedOutput {
  readonly headers: Record<string, string>;
  /** JSON text of the body, when the operation answers with JSON. */
  readonly json?: string;
  /** Raw payload, when the operation answers with bytes. */
  readonly payload?: Readable | Buffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A value as JSON for `shape`. Members the model does not list are still written (generically) so
 * a nested member missing from the model is visible rather than silently dropped.
 */
function toJson(shape: Shape | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) {
    const itemShape = shape?.kind === 'list' ? shape.member : undefined;
    return value.map((item) => toJson(itemShape, item) ?? null);
  }
  if (isRecord(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      let itemShape: Shape | undefined;
      let wireName = key;
      if (shape?.kind === 'map') itemShape = shape.value;
      if (shape?.kind === 'structure') {
        const member = shape.members[key];
        itemShape = member?.shape;
        wireName = member?.wireName ?? key;
      }
      const converted = toJson(itemShape, item);
      if (converted !== undefined) {
        Object.defineProperty(result, wireName, {
          value: converted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return result;
  }
  return value;
}

/**
 * Header text. HTTP/1.1 header bytes are Latin-1 to node; a value outside that range (an asset
 * name in Cyrillic, say) is sent as its UTF-8 bytes, which is what the service puts on the wire.
 */
function toHeaderValue(value: unknown): string {
  const text = value instanceof Date ? value.toUTCString() : String(value);
  const clean = text.replace(/[\r\n]/g, ' ');
  return /^[\t\x20-\x7e]*$/.test(clean) ? clean : Buffer.from(clean, 'utf8').toString('latin1');
}

function toPayload(value: unknown): Readable | Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Readable) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'object' && Symbol.asyncIterator in value) {
    return Readable.from(value as AsyncIterable<Uint8Array>, { objectMode: false });
  }
  throw new TypeError('a payload output member must be a stream, bytes or a string');
}

export function serialiseOutput(model: OperationModel, output: unknown): SerialisedOutput {
  const values = isRecord(output) ? output : {};
  const headers: Record<string, string> = {};
  const bodyValues: Record<string, unknown> = {};
  let payload: Readable | Buffer | undefined;

  for (const [name, value] of Object.entries(values)) {
    const member = model.output.members[name];
    if (member?.location === 'header') {
      if (value !== undefined && value !== null) headers[member.wireName] = toHeaderValue(value);
    } else if (member?.location === 'payload') {
      payload = toPayload(value);
    } else {
      bodyValues[name] = value;
    }
  }
  const answersWithPayload = Object.values(model.output.members).some(
    (member) => member.location === 'payload',
  );
  if (answersWithPayload) return { headers, payload: payload ?? Buffer.alloc(0) };
  return { headers, json: JSON.stringify(toJson(model.output, bodyValues) ?? {}) };
}
