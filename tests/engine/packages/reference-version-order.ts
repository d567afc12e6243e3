/**
 * Reference comparators written from each ecosystem's own definition, for formats whose reference
 * implementation is not a JavaScript library: Maven's ComparableVersion (the item-list algorithm of
 * maven-artifact) and NuGet's NuGetVersion ordering. Tests check the stored sort keys against them.
 */

type MavenItem =
  { kind: 'int'; value: bigint } | { kind: 'string'; value: string } | { kind: 'list'; items: MavenItem[] };

const mavenQualifiers = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const mavenAliases: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const releaseIndex = String(mavenQualifiers.indexOf(''));

function comparableQualifier(qualifier: string): string {
  const index = mavenQualifiers.indexOf(qualifier);
  return index === -1 ? `${mavenQualifiers.length}-${qualifier}` : String(index);
}

function stringItem(text: string, followedByDigit: boolean): MavenItem {
  let value = text;
  if (followedByDigit && value.length === 1) {
    value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  }
  return { kind: 'string', value: mavenAliases[value] ?? value };
}

function parseItem(isDigit: boolean, text: string): MavenItem {
  return isDigit ? { kind: 'int', value: BigInt(text) } : stringItem(text, false);
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return comparableQualifier(item.value) === releaseIndex;
  return item.items.length === 0;
}

function normalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as MavenItem;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

export function parseMavenVersion(version: string): MavenItem[] {
  const text = version.toLowerCase();
  const items: MavenItem[] = [];
  let list = items;
  const stack: MavenItem[][] = [items];
  let isDigit = false;
  let start = 0;
  const pushList = (): void => {
    const next: MavenItem[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '.') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      pushList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        pushList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        pushList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(parseItem(isDigit, text.slice(start)));
  while (stack.length > 0) normalize(stack.pop() as MavenItem[]);
  return items;
}

function compareItem(left: MavenItem, right: MavenItem | undefined): number {
  if (left.kind === 'int') {
    if (!right) return left.value === 0n ? 0 : 1;
    if (right.kind === 'int') return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
    return 1;
  }
  if (left.kind === 'string') {
    if (!right) return compareText(comparableQualifier(left.value), releaseIndex);
    if (right.kind === 'string')
      return compareText(comparableQualifier(left.value), comparableQualifier(right.value));
    return -1;
  }
  if (!right) return left.items.length === 0 ? 0 : compareItem(left.items[0] as MavenItem, undefined);
  if (right.kind === 'int') return -1;
  if (right.kind === 'string') return 1;
  return compareLists(left.items, right.items);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(left: MavenItem[], right: MavenItem[]): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

/** Maven's ComparableVersion order: negative, zero or positive. */
export function compareMaven(a: string, b: string): number {
  return compareLists(parseMavenVersion(a), parseMavenVersion(b));
}

const nugetPattern =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?$/;

/**
 * NuGet's order: the four numbers, then a release after its pre-releases, pre-release labels
 * compared one by one case-insensitively (numeric labels numerically and before alphanumeric ones,
 * fewer labels first when all shared ones are equal); build metadata ignored.
 */
export function compareNuGet(a: string, b: string): number {
  const ma = nugetPattern.exec(a);
  const mb = nugetPattern.exec(b);
  if (!ma || !mb) throw new Error(`not a NuGet version: ${ma ? b : a}`);
  for (let i = 1; i <= 4; i++) {
    const x = BigInt(ma[i] ?? '0');
    const y = BigInt(mb[i] ?? '0');
    if (x !== y) return x < y ? -1 : 1;
  }
  const pa = ma[5];
  const pb = mb[5];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const la = pa.split('.');
  const lb = pb.split('.');
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const x = la[i] as string;
    const y = lb[i] as string;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) {
      const dx = BigInt(x);
      const dy = BigInt(y);
      if (dx !== dy) return dx < dy ? -1 : 1;
    } else if (xNum !== yNum) return xNum ? -1 : 1;
    else {
      const cx = x.toLowerCase();
      const cy = y.toLowerCase();
      if (cx !== cy) return cx < cy ? -1 : 1;
    }
  }
  return Math.sign(la.length - lb.length);
}
