/**
 * A text stored as its difference from a base text: ranges copied from the base and the bytes that
 * are new. Two versions of a package's package.json share all but a few fields, so the delta of one
 * against the other is tens of bytes. Reading one back is a few buffer copies (about a microsecond
 * for a package.json); raw deflate with the base as dictionary packs about as small but costs 10-25
 * µs per text to inflate, mostly setting up the inflater, which a 100,000-version packument pays
 * once per version.
 *
 * Layout: varint(length of the text in bytes), then operations until the end: varint(n * 2 + 1),
 * varint(offset) copies n bytes of the base from offset; varint(n * 2) is followed by n new bytes.
 * Varints are unsigned LEB128. Everything is bytes (UTF-8), so a copy never splits a character in a
 * way the decoded text would notice.
 */

/** The shortest run of the base worth a copy (shorter runs are cheaper as new bytes). */
const minMatch = 8;

function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) + 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** A key for the minMatch bytes at `at` (equal bytes, equal key; equal keys are checked). */
function key(bytes: Uint8Array, at: number): number {
  let h = 0;
  for (let i = 0; i < minMatch; i++) h = (Math.imul(h, 31) + (bytes[at + i] ?? 0)) | 0;
  return h;
}

function sameRun(a: Uint8Array, at: number, b: Uint8Array, bt: number): boolean {
  for (let i = 0; i < minMatch; i++) if (a[at + i] !== b[bt + i]) return false;
  return true;
}

/** The delta of `text` against `base` (greedy: each run of the text is copied from its first match). */
export function encodeDelta(text: Uint8Array, base: Uint8Array): Uint8Array {
  const index = new Map<number, number>();
  for (let i = 0; i + minMatch <= base.length; i++) {
    const k = key(base, i);
    if (!index.has(k)) index.set(k, i);
  }
  const out: number[] = [];
  writeVarint(out, text.length);
  const literal = (from: number, to: number) => {
    if (to <= from) return;
    writeVarint(out, (to - from) * 2);
    for (let i = from; i < to; i++) out.push(text[i] ?? 0);
  };
  let pending = 0;
  let i = 0;
  while (i + minMatch <= text.length) {
    const at = index.get(key(text, i));
    if (at === undefined || !sameRun(text, i, base, at)) {
      i++;
      continue;
    }
    let start = i;
    let from = at;
    while (start > pending && from > 0 && text[start - 1] === base[from - 1]) {
      start--;
      from--;
    }
    let end = i + minMatch;
    let to = at + minMatch;
    while (end < text.length && to < base.length && text[end] === base[to]) {
      end++;
      to++;
    }
    literal(pending, start);
    writeVarint(out, (end - start) * 2 + 1);
    writeVarint(out, from);
    pending = end;
    i = end;
  }
  literal(pending, text.length);
  return Uint8Array.from(out);
}

/** The text `delta` stands for, against the same `base` it was made with. */
export function decodeDelta(delta: Uint8Array, base: Uint8Array): Buffer {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = delta[at++];
      if (byte === undefined) throw new Error('a stored text delta ends inside a number');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const out = Buffer.allocUnsafe(varint());
  let written = 0;
  while (at < delta.length) {
    const op = varint();
    const length = Math.floor(op / 2);
    if (written + length > out.length) throw new Error('a stored text delta is longer than its text');
    if (op % 2 === 1) {
      const from = varint();
      if (from + length > base.length) throw new Error('a stored text delta copies past its base');
      out.set(base.subarray(from, from + length), written);
    } else {
      if (at + length > delta.length) throw new Error('a stored text delta ends inside new bytes');
      out.set(delta.subarray(at, at + length), written);
      at += length;
    }
    written += length;
  }
  if (written !== out.length) throw new Error('a stored text delta is shorter than its text');
  return out;
}
