// A stored package.json text kept as its delta from the package's base reads back byte for byte,
// whatever the two texts hold (multi-byte characters, nothing in common, empty), and a damaged
// delta is refused rather than read as some other text.
import { describe, expect, it } from 'vitest';
import { decodeDelta, encodeDelta } from '../../src/main/engine/assets/text-delta';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const roundTrip = (text: string, base: string) =>
  decodeDelta(encodeDelta(utf8(text), utf8(base)), utf8(base)).toString('utf8');

const manifest = (gitHead: string, extra = '') =>
  `{"dependencies":{"dep-a":"^1.2.3","dep-b":"~2.0.0"${extra}},"engines":{"node":">=18"}}\n` +
  `{"description":"Ünïcødé — a package 📦 with many versions","gitHead":"${gitHead}","license":"MIT"}`;

describe('text deltas', () => {
  it('give back every text exactly, and a close one in a fraction of its size', () => {
    const base = manifest('a'.repeat(40));
    const close = manifest('0123456789abcdef0123456789abcdef01234567', ',"dep-c":"^3"');
    expect(roundTrip(close, base), 'a text close to its base').toBe(close);
    expect(encodeDelta(utf8(close), utf8(base)).length, 'its delta is small').toBeLessThan(80);
    for (const [text, against] of [
      ['', base],
      [base, ''],
      ['', ''],
      [base, base],
      ['nothing in common with the base at all, 🙂', base],
      ['📦📦📦📦📦📦📦📦📦📦📦📦', '📦📦📦📦📦📦📦📦📦'],
      [Array.from(base).reverse().join(''), base],
    ] as const)
      expect(roundTrip(text, against), `text ${JSON.stringify(text.slice(0, 20))}`).toBe(text);
  });

  it('refuses a delta that is cut short or copies past its base', () => {
    const base = utf8(manifest('b'.repeat(40)));
    const delta = encodeDelta(utf8(manifest('c'.repeat(40))), base);
    expect(() => decodeDelta(delta.subarray(0, delta.length - 3), base), 'cut short').toThrow(/delta/);
    expect(() => decodeDelta(delta, base.subarray(0, 20)), 'a shorter base').toThrow(/delta/);
  });
});
