/**
 * The JSON codec of the web console's HTTP transport. Operation inputs and outputs hold Dates
 * (createdTime, publishedTime…) and bytes (assetContent), which plain JSON would turn into strings
 * or index maps; both sides of the console transport pass every body through this codec so a value
 * arrives as the type it left as. IPC needs none of it: structured clone keeps Dates and bytes.
 *
 * Tagged forms: a Date becomes `{"$date": epochMs}`, a Uint8Array `{"$base64": "…"}`. A plain object
 * that happens to look like a tag (one key, `$date`, `$base64` or `$object`) is wrapped as
 * `{"$object": {…}}` so decoding never mistakes user data for a tag.
 */

const tagKeys = new Set(['$date', '$base64', '$object']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function looksLikeTag(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && tagKeys.has(keys[0] as string);
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const encodeTable = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const decodeTable = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeTable[alphabet.charCodeAt(i)] = i;
const pad = '='.charCodeAt(0);

/**
 * Standard base64 with padding. Written out (rather than btoa over a binary string) because assets
 * published from the console can be megabytes, and string building costs far more than this loop;
 * the file also stays free of node:* imports.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = encodeTable[n >> 18] as number;
    out[o++] = encodeTable[(n >> 12) & 63] as number;
    out[o++] = encodeTable[(n >> 6) & 63] as number;
    out[o++] = encodeTable[n & 63] as number;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out[o] = encodeTable[n >> 18] as number;
    out[o + 1] = encodeTable[(n >> 12) & 63] as number;
    out[o + 2] = rest === 2 ? (encodeTable[(n >> 6) & 63] as number) : pad;
    out[o + 3] = pad;
  }
  return new TextDecoder().decode(out);
}

export function base64ToBytes(text: string): Uint8Array {
  const length = text.length;
  if (length % 4 !== 0) throw new WireDecodeError('A $base64 value is not valid base64.');
  const padding = length === 0 ? 0 : text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const isPad = code === pad && i + j >= length - padding;
      const value = isPad ? 0 : code < 128 ? (decodeTable[code] as number) : -1;
      if (value < 0) throw new WireDecodeError('A $base64 value is not valid base64.');
      n = (n << 6) | value;
    }
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export class WireDecodeError extends Error {
  override readonly name = 'WireDecodeError';
}

/** Turns a value into plain JSON data; `undefined` members are dropped as JSON.stringify would. */
export function encodeWire(value: unknown): unknown {
  if (value instanceof Date) {
    const ms = value.getTime();
    // An invalid Date has no instant to send; null is what JSON.stringify would have produced.
    return Number.isNaN(ms) ? null : { $date: ms };
  }
  if (value instanceof Uint8Array) return { $base64: bytesToBase64(value) };
  if (value instanceof ArrayBuffer) return { $base64: bytesToBase64(new Uint8Array(value)) };
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : encodeWire(item)));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = encodeWire(member);
    }
    return looksLikeTag(value) ? { $object: out } : out;
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

/** The inverse of encodeWire over parsed JSON. Throws WireDecodeError on a malformed tag. */
export function decodeWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeWire);
  if (!isPlainObject(value)) return value;
  if (looksLikeTag(value)) {
    if ('$date' in value) {
      const ms = value.$date;
      if (typeof ms !== 'number' || !Number.isFinite(ms)) {
        throw new WireDecodeError('A $date value must be a number of milliseconds since the epoch.');
      }
      return new Date(ms);
    }
    if ('$base64' in value) {
      if (typeof value.$base64 !== 'string') throw new WireDecodeError('A $base64 value must be a string.');
      return base64ToBytes(value.$base64);
    }
    const inner = value.$object;
    if (!isPlainObject(inner)) throw new WireDecodeError('An $object value must be an object.');
    return decodeMembers(inner);
  }
  return decodeMembers(value);
}

function decodeMembers(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[key] = decodeWire(member);
  return out;
}

/** JSON text of `value` through the codec. */
export function stringifyWire(value: unknown): string {
  return JSON.stringify(encodeWire(value) ?? null);
}

/** Parses JSON text and decodes it. Throws SyntaxError or WireDecodeError. */
export function parseWire(text: string): unknown {
  return decodeWire(JSON.parse(text) as unknown);
}
