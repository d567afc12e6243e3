/**
 * The console transport's codec: Dates and bytes survive JSON both ways, user data that looks like a
 * tag is not mistaken for one, and malformed tags are refused rather than guessed at.
 */
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  decodeWire,
  encodeWire,
  parseWire,
  stringifyWire,
  WireDecodeError,
} from '../../src/shared/wire-codec';

describe('wire codec', () => {
  it('round-trips Dates, bytes, nested structures and plain values', () => {
    const value = {
      domain: { name: 'team', createdTime: new Date('2026-03-01T12:34:56.789Z'), assetCount: 3 },
      versions: [{ version: '1.0.0', publishedTime: new Date(0) }, null, 'x', 1.5, true],
      bytes: new Uint8Array([0, 1, 2, 253, 254, 255]),
      empty: new Uint8Array(0),
      nested: { deeper: [[new Date(1)]] },
    };
    const back = parseWire(stringifyWire(value)) as typeof value;
    expect(back).toEqual(value);
    expect(back.domain.createdTime).toBeInstanceOf(Date);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
  });

  it('uses the documented tagged forms', () => {
    expect(encodeWire({ at: new Date(1234), data: new Uint8Array([104, 105]) })).toEqual({
      at: { $date: 1234 },
      data: { $base64: 'aGk=' },
    });
  });

  it('carries large byte arrays intact, quickly', () => {
    const big = new Uint8Array(4_000_003).map((_, i) => (i * 13) % 256);
    const started = performance.now();
    const back = parseWire(stringifyWire({ big })) as { big: Uint8Array };
    const elapsed = performance.now() - started;
    expect(Buffer.from(back.big).equals(Buffer.from(big))).toBe(true);
    // About 0.1 s here; a string-building encoder takes ten times that.
    expect(elapsed).toBeLessThan(2000);
  });

  it('writes and reads standard padded base64, byte for byte what node writes', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 97 + length) % 256);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
    }
    for (const bad of ['a', 'abc', 'ab=c', '====', '*abc', 'ab==cd==', 'é===', 'YQ']) {
      expect(() => base64ToBytes(bad), bad).toThrow(WireDecodeError);
    }
  });

  it('escapes user objects that look like tags', () => {
    const tricky = { tags: { $date: 5 }, other: { $base64: 'not bytes' }, wrapped: { $object: {} } };
    const wire = encodeWire(tricky);
    expect(wire).toEqual({
      tags: { $object: { $date: 5 } },
      other: { $object: { $base64: 'not bytes' } },
      wrapped: { $object: { $object: {} } },
    });
    expect(decodeWire(JSON.parse(JSON.stringify(wire)))).toEqual(tricky);
    // Two keys cannot be a tag: left as they are.
    expect(decodeWire({ $date: 1, x: 2 })).toEqual({ $date: 1, x: 2 });
  });

  it('drops undefined members as JSON does and turns non-finite numbers and invalid Dates into null', () => {
    expect(encodeWire({ a: undefined, b: 1, c: [undefined, 2] })).toEqual({ b: 1, c: [null, 2] });
    expect(encodeWire({ n: Number.NaN, d: new Date('nonsense') })).toEqual({ n: null, d: null });
  });

  it('refuses malformed tags with a WireDecodeError', () => {
    for (const bad of [
      { $date: 'yesterday' },
      { $date: null },
      { $base64: 5 },
      { $base64: '***' },
      { $object: 3 },
    ]) {
      expect(() => decodeWire(bad), JSON.stringify(bad)).toThrow(WireDecodeError);
    }
  });
});
