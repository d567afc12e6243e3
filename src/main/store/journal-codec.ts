/**
 * Binary format of the write-ahead journal. A segment file is a 16-byte header followed by records;
 * each record is one committed write transaction:
 *
 *   u32 payloadLength | u32 crc32(payload) | payload
 *   payload = u32 seqLow | u32 seqHigh | u32 statementCount | statement*
 *   statement = u32 sqlBytes | sql (UTF-8) | u32 paramCount | param*
 *   param = u8 tag | value   (null, float64, UTF-8 text, bigint as decimal text, raw bytes)
 *
 * All integers are little-endian. Every value type the store accepts round-trips exactly, so a
 * replayed statement binds what the original bound.
 */
import { crc32 } from 'node:zlib';
import type { SqlParams, SqlValue } from './types';

export const SEGMENT_MAGIC = Buffer.from('ADJRNL01', 'ascii');
export const SEGMENT_HEADER_BYTES = 16;
export const RECORD_HEADER_BYTES = 8;
/** Anything larger is treated as corruption rather than allocated. */
export const MAX_RECORD_BYTES = 512 * 1024 * 1024;

export interface JournalStatement {
  readonly sql: string;
  readonly params: SqlParams;
}

export interface JournalRecord {
  readonly seq: number;
  readonly statements: readonly JournalStatement[];
}

const TAG_NULL = 0;
const TAG_NUMBER = 1;
const TAG_TEXT = 2;
const TAG_BIGINT = 3;
const TAG_BLOB = 4;
const TWO_32 = 2 ** 32;

export function encodeSegmentHeader(baseSeq: number): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(header, 0);
  writeSeq(header, 8, baseSeq);
  return header;
}

/** Returns the segment's base sequence number, or undefined when the header is not ours. */
export function decodeSegmentHeader(bytes: Uint8Array): number | undefined {
  if (bytes.length < SEGMENT_HEADER_BYTES) return undefined;
  const buf = asBuffer(bytes);
  if (!buf.subarray(0, 8).equals(SEGMENT_MAGIC)) return undefined;
  return readSeq(buf, 8);
}

export function encodeRecord(record: JournalRecord): Buffer {
  let size = RECORD_HEADER_BYTES + 12;
  const sqlBytes: number[] = [];
  for (const statement of record.statements) {
    const n = Buffer.byteLength(statement.sql, 'utf8');
    sqlBytes.push(n);
    size += 8 + n;
    for (const value of statement.params) size += 1 + encodedValueBytes(value);
  }
  const payloadBytes = size - RECORD_HEADER_BYTES;
  if (payloadBytes > MAX_RECORD_BYTES) {
    throw new RangeError(`A write transaction of ${payloadBytes} bytes is larger than the journal allows`);
  }
  const buf = Buffer.allocUnsafe(size);
  let at = RECORD_HEADER_BYTES;
  writeSeq(buf, at, record.seq);
  at = buf.writeUInt32LE(record.statements.length, at + 8);
  record.statements.forEach((statement, i) => {
    const n = sqlBytes[i] ?? 0;
    at = buf.writeUInt32LE(n, at);
    at += buf.write(statement.sql, at, n, 'utf8');
    at = buf.writeUInt32LE(statement.params.length, at);
    for (const value of statement.params) at = writeValue(buf, at, value);
  });
  buf.writeUInt32LE(payloadBytes, 0);
  buf.writeUInt32LE(crc32(buf.subarray(RECORD_HEADER_BYTES)), 4);
  return buf;
}

export type ScanStop =
  | { readonly kind: 'end' }
  /** The file ends inside a record: the write of that record never completed. */
  | { readonly kind: 'torn'; readonly offset: number; readonly detail: string }
  /** A complete-looking record fails its checksum or does not parse. */
  | { readonly kind: 'corrupt'; readonly offset: number; readonly detail: string };

/**
 * Walks the records of one segment (header already checked), calling `onRecord` for each intact
 * one in file order. Stops at the first record that is torn or corrupt, or that `onRecord` rejects
 * by returning a reason, and says where, so the caller can cut the file there.
 */
export function scanRecords(
  segment: Uint8Array,
  onRecord: (record: JournalRecord) => string | undefined,
  from = SEGMENT_HEADER_BYTES,
): ScanStop {
  const buf = asBuffer(segment);
  let at = from;
  while (at < buf.length) {
    if (buf.length - at < RECORD_HEADER_BYTES) {
      return { kind: 'torn', offset: at, detail: 'record header cut short' };
    }
    const payloadBytes = buf.readUInt32LE(at);
    const checksum = buf.readUInt32LE(at + 4);
    if (payloadBytes < 12 || payloadBytes > MAX_RECORD_BYTES) {
      return { kind: 'corrupt', offset: at, detail: `implausible record length ${payloadBytes}` };
    }
    const end = at + RECORD_HEADER_BYTES + payloadBytes;
    if (end > buf.length) {
      return { kind: 'torn', offset: at, detail: 'record cut short' };
    }
    const payload = buf.subarray(at + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== checksum) {
      return { kind: 'corrupt', offset: at, detail: 'checksum mismatch' };
    }
    let record: JournalRecord;
    try {
      record = decodePayload(payload);
    } catch (error) {
      return { kind: 'corrupt', offset: at, detail: `unreadable record: ${(error as Error).message}` };
    }
    const rejected = onRecord(record);
    if (rejected !== undefined) return { kind: 'corrupt', offset: at, detail: rejected };
    at = end;
  }
  return { kind: 'end' };
}

function decodePayload(payload: Buffer): JournalRecord {
  const reader = new Reader(payload);
  const seq = reader.seq();
  const count = reader.u32();
  const statements: JournalStatement[] = [];
  for (let i = 0; i < count; i++) {
    const sql = reader.text();
    const paramCount = reader.u32();
    const params: SqlValue[] = [];
    for (let p = 0; p < paramCount; p++) params.push(reader.value());
    statements.push({ sql, params });
  }
  if (!reader.done()) throw new Error('trailing bytes');
  return { seq, statements };
}

function encodedValueBytes(value: SqlValue): number {
  if (value === null) return 0;
  switch (typeof value) {
    case 'number':
      return 8;
    case 'string':
      return 4 + Buffer.byteLength(value, 'utf8');
    case 'bigint':
      return 4 + value.toString().length;
    default:
      if (value instanceof Uint8Array) return 4 + value.byteLength;
      throw new TypeError(`Cannot journal a bound value of type ${typeof value}`);
  }
}

function writeValue(buf: Buffer, at: number, value: SqlValue): number {
  if (value === null) return buf.writeUInt8(TAG_NULL, at);
  switch (typeof value) {
    case 'number':
      at = buf.writeUInt8(TAG_NUMBER, at);
      return buf.writeDoubleLE(value, at);
    case 'string': {
      at = buf.writeUInt8(TAG_TEXT, at);
      const n = Buffer.byteLength(value, 'utf8');
      at = buf.writeUInt32LE(n, at);
      return at + buf.write(value, at, n, 'utf8');
    }
    case 'bigint': {
      at = buf.writeUInt8(TAG_BIGINT, at);
      const text = value.toString();
      at = buf.writeUInt32LE(text.length, at);
      return at + buf.write(text, at, text.length, 'latin1');
    }
    default: {
      at = buf.writeUInt8(TAG_BLOB, at);
      at = buf.writeUInt32LE(value.byteLength, at);
      buf.set(value, at);
      return at + value.byteLength;
    }
  }
}

function writeSeq(buf: Buffer, at: number, seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`Invalid journal sequence number ${seq}`);
  buf.writeUInt32LE(seq % TWO_32, at);
  buf.writeUInt32LE(Math.floor(seq / TWO_32), at + 4);
}

function readSeq(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * TWO_32;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  done(): boolean {
    return this.at === this.buf.length;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  seq(): number {
    this.need(8);
    const v = readSeq(this.buf, this.at);
    this.at += 8;
    return v;
  }

  text(): string {
    const n = this.u32();
    this.need(n);
    const v = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return v;
  }

  value(): SqlValue {
    this.need(1);
    const tag = this.buf.readUInt8(this.at++);
    switch (tag) {
      case TAG_NULL:
        return null;
      case TAG_NUMBER: {
        this.need(8);
        const v = this.buf.readDoubleLE(this.at);
        this.at += 8;
        return v;
      }
      case TAG_TEXT:
        return this.text();
      case TAG_BIGINT: {
        const digits = this.text();
        if (!/^-?\d+$/.test(digits)) throw new Error('malformed bigint');
        return BigInt(digits);
      }
      case TAG_BLOB: {
        const n = this.u32();
        this.need(n);
        // A copy, so the decoded value does not pin the whole segment buffer.
        const v = new Uint8Array(this.buf.subarray(this.at, this.at + n));
        this.at += n;
        return v;
      }
      default:
        throw new Error(`unknown value tag ${tag}`);
    }
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('record ends early');
  }
}

/**
 * Where the record at `offset` ends if its length field can be trusted (plausible and inside the
 * segment), else undefined: the framing after it cannot be known.
 */
export function framedEnd(segment: Uint8Array, offset: number): number | undefined {
  const buf = asBuffer(segment);
  if (buf.length - offset < RECORD_HEADER_BYTES) return undefined;
  const payloadBytes = buf.readUInt32LE(offset);
  if (payloadBytes < 12 || payloadBytes > MAX_RECORD_BYTES) return undefined;
  const end = offset + RECORD_HEADER_BYTES + payloadBytes;
  return end <= buf.length ? end : undefined;
}

/**
 * The intact records in `segment` from `from` on. When the framing is lost, every later offset is
 * tried for a record whose length and checksum hold, so damage in one record does not hide the
 * records after it.
 */
export function intactRecordsFrom(segment: Uint8Array, from: number): JournalRecord[] {
  const buf = asBuffer(segment);
  const found: JournalRecord[] = [];
  let at = from;
  while (at < buf.length) {
    const record = recordAt(buf, at);
    if (record) {
      found.push(record);
      at = framedEnd(buf, at) ?? buf.length;
    } else {
      at++;
    }
  }
  return found;
}

/** The intact record starting exactly at `offset`, if there is one. */
export function recordAt(segment: Uint8Array, offset: number): JournalRecord | undefined {
  const buf = asBuffer(segment);
  const end = framedEnd(buf, offset);
  if (end === undefined) return undefined;
  const payload = buf.subarray(offset + RECORD_HEADER_BYTES, end);
  if (crc32(payload) !== buf.readUInt32LE(offset + 4)) return undefined;
  try {
    return decodePayload(payload);
  } catch {
    return undefined;
  }
}
