/**
 * `npm run bench -- readers[=ROUNDS[,REF]]`: the readers of untrusted uploads alone, the
 * hand-written ones an earlier commit had against today's library-based ones, on the same inputs,
 * interleaved in one process. The `formats` row compares whole publishes, but a publish today also
 * does work the earlier commit never did (it reads a wheel's METADATA, stores core metadata,
 * dependency lists and descriptions); this row isolates what the libraries (node-tar, yauzl,
 * busboy, saxes) cost.
 *
 * REF (default `baselineRef`) is checked out into a temporary git worktree, or is the folder of
 * another checkout; its readers are imported from there (tsx compiles them, their relative imports
 * resolve inside that checkout) and use only Node's built-ins, so no dependencies are installed.
 * `readers=ROUNDS,none` measures today's readers alone.
 *
 * Inputs, built once and handed to both sides: an npm .tgz like the `formats` row's (package.json,
 * index.js and a README of ~256 KiB each), a wheel and an sdist from the PyPI test fixture script, a
 * twine upload body carrying that wheel (and one carrying an 8 MiB file), a POM with properties,
 * licences and dependencies, and a maven-metadata.xml listing 50 versions. Each operation is the
 * complete read the service does, ending in the same result on both sides (checked).
 *
 * Each operation is measured in a fresh process of its own (so none meets the heap another left
 * behind), both sides in it: each side is warmed first (200 calls and 1 s at least), then each round
 * runs a batch of N calls of one side and then the other (the order alternating per round; N so
 * that a batch takes ~50 ms), recording the process's CPU time (every thread: gunzip runs on the
 * thread pool) and wall time per call; the ratios are the median of each round's now ÷ before. The
 * first call in a fresh process, where module loading and unoptimised code show, is taken in one
 * child process per side running the operations once each, in the table's order.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDists } from '../clients/pypi/python-tools';
import { npmFixture } from '../clients/npm/tarball-writer';
import { prepareCheckout, repoRoot, roundsAndRef, type PreparedCheckout } from './baseline-checkout';
import { multipart } from './format-publish-download';
import { jsonFromChild } from './json-child';
import { fmt, median, percentile, table } from './report';

interface Upload {
  readonly contentType: string;
  /** The body as a socket hands it over, in chunks of at most 64 KiB. */
  readonly chunks: readonly Buffer[];
}

interface Inputs {
  readonly tgz: Buffer;
  readonly wheel: { readonly name: string; readonly bytes: Buffer };
  readonly sdist: { readonly name: string; readonly bytes: Buffer };
  readonly upload: Upload;
  readonly bigUpload: Upload;
  readonly pom: string;
  readonly metadata: string;
}

type Operation = (inputs: Inputs) => Promise<unknown>;

/** One side's readers, by operation key; an operation the side has no reader for is absent. */
type Readers = Partial<Record<OperationKey, Operation>>;

const operations = [
  { key: 'npm', label: 'npm .tgz → package.json + README', size: (i: Inputs) => i.tgz.length },
  { key: 'wheel', label: 'wheel → METADATA', size: (i: Inputs) => i.wheel.bytes.length },
  { key: 'sdist', label: 'sdist .tar.gz → PKG-INFO', size: (i: Inputs) => i.sdist.bytes.length },
  { key: 'upload', label: 'twine body (wheel) → fields + file', size: (i: Inputs) => bodySize(i.upload) },
  {
    key: 'bigUpload',
    label: 'twine body (8 MiB file) → fields + file',
    size: (i: Inputs) => bodySize(i.bigUpload),
  },
  { key: 'pom', label: 'POM → version metadata', size: (i: Inputs) => Buffer.byteLength(i.pom) },
  {
    key: 'metadata',
    label: 'maven-metadata.xml (50 versions) → versions',
    size: (i: Inputs) => Buffer.byteLength(i.metadata),
  },
] as const;

type OperationKey = (typeof operations)[number]['key'];

const bodySize = (upload: Upload): number => upload.chunks.reduce((sum, chunk) => sum + chunk.length, 0);

/** Form limits as the upload handler sets them. */
const maxFieldBytes = 8 * 1024 * 1024;
const maxParts = 2_000;

interface ReadUpload {
  readonly fields: Map<string, string[]>;
  /** The file's bytes as the parser handed them over (the real path streams them to the blob store). */
  file?: { readonly name: string; readonly filename: string; readonly chunks: readonly Buffer[] };
}

function addField(read: ReadUpload, name: string, value: string): void {
  const values = read.fields.get(name) ?? [];
  values.push(value);
  read.fields.set(name, values);
}

async function collect(body: AsyncIterable<Buffer | string>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return chunks;
}

const source = (file: string, root: string): string =>
  pathToFileURL(path.join(root, 'src', 'main', file)).href;

/** The hand-written readers of the checkout at `root`, as its publish paths call them. */
async function handWrittenReaders(root: string): Promise<Readers> {
  const tarball = (await import(source('http/formats/npm/tarball-reader.ts', root))) as {
    readTarballFiles(source: Buffer): Promise<unknown>;
  };
  const wheel = (await import(source('http/formats/pypi/wheel-metadata.ts', root))) as {
    wheelCoreMetadata(wheel: Buffer): unknown;
  };
  const form = (await import(source('http/formats/pypi/multipart-stream.ts', root))) as {
    multipartBoundary(contentType: string): string | undefined;
    readMultipart(
      source: AsyncIterable<Buffer>,
      boundary: string,
      onPart: (part: { name: string; filename?: string; body: Readable }) => Promise<void>,
    ): Promise<void>;
    readPartText(body: Readable, maxBytes: number, field: string): Promise<string>;
  };
  const pom = (await import(source('http/formats/maven/pom-metadata.ts', root))) as {
    pomMetadata(pom: string): unknown;
  };
  const mavenMetadata = (await import(source('http/formats/maven/maven-metadata-xml.ts', root))) as {
    parseUploadedMetadata(text: string): unknown;
  };
  const readUpload = async (upload: Upload): Promise<ReadUpload> => {
    const read: ReadUpload = { fields: new Map() };
    const boundary = form.multipartBoundary(upload.contentType);
    if (!boundary) throw new Error('no boundary');
    let parts = 0;
    await form.readMultipart(Readable.from(upload.chunks), boundary, async (part) => {
      if (++parts > maxParts) throw new Error('too many parts');
      if (part.filename === undefined)
        return addField(read, part.name, await form.readPartText(part.body, maxFieldBytes, part.name));
      read.file = { name: part.name, filename: part.filename, chunks: await collect(part.body) };
    });
    return read;
  };
  return {
    npm: (i) => tarball.readTarballFiles(i.tgz),
    wheel: async (i) => wheel.wheelCoreMetadata(i.wheel.bytes),
    upload: (i) => readUpload(i.upload),
    bigUpload: (i) => readUpload(i.bigUpload),
    pom: async (i) => pom.pomMetadata(i.pom),
    metadata: async (i) => mavenMetadata.parseUploadedMetadata(i.metadata),
  };
}

/** This checkout's library-based readers, as its publish paths call them. */
async function libraryReaders(): Promise<Readers> {
  const tarball = await import('../../src/main/http/formats/npm/tarball-reader');
  const core = await import('../../src/main/http/formats/pypi/core-metadata');
  const form = await import('../../src/main/http/formats/pypi/multipart-stream');
  const pom = await import('../../src/main/http/formats/maven/pom-metadata');
  const mavenMetadata = await import('../../src/main/http/formats/maven/maven-metadata-xml');
  const readUpload = async (upload: Upload): Promise<ReadUpload> => {
    const read: ReadUpload = { fields: new Map() };
    await form.readMultipart(
      Readable.from(upload.chunks),
      upload.contentType,
      {
        field: (name, value) => addField(read, name, value),
        file: async (name, filename, body) => {
          read.file = { name, filename, chunks: await collect(body) };
        },
      },
      { maxFieldBytes, maxParts },
    );
    return read;
  };
  return {
    npm: (i) => tarball.readTarballFiles(i.tgz),
    wheel: (i) => core.distributionMetadata(i.wheel.bytes, i.wheel.name),
    sdist: (i) => core.distributionMetadata(i.sdist.bytes, i.sdist.name),
    upload: (i) => readUpload(i.upload),
    bigUpload: (i) => readUpload(i.bigUpload),
    pom: async (i) => pom.pomMetadata(i.pom),
    metadata: async (i) => mavenMetadata.parseUploadedMetadata(i.metadata),
  };
}

function pomText(): string {
  const dependencies = Array.from(
    { length: 24 },
    (_, i) =>
      `    <dependency>\n      <groupId>org.example.lib${i % 6}</groupId>\n      <artifactId>part-${i}</artifactId>\n` +
      `      <version>\${lib${i % 6}.version}</version>\n${i % 4 === 3 ? '      <scope>test</scope>\n' : ''}    </dependency>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>7</version></parent>',
    '  <artifactId>reader-bench</artifactId>',
    '  <version>2.4.1</version>',
    '  <name>Reader bench &amp; friends</name>',
    '  <description>A library with a parent, properties, licences and two dozen dependencies.</description>',
    '  <url>http://127.0.0.1/reader-bench</url>',
    '  <licenses><license><name>Apache-2.0</name><url>http://127.0.0.1/licence</url></license></licenses>',
    '  <scm><url>http://127.0.0.1/reader-bench.git</url></scm>',
    '  <properties>',
    ...Array.from({ length: 6 }, (_, i) => `    <lib${i}.version>${i + 1}.${i * 3}.0</lib${i}.version>`),
    '    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>',
    '  </properties>',
    '  <!-- dependencies as a real project lists them -->',
    '  <dependencies>',
    ...dependencies,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

function metadataText(): string {
  const versions = Array.from(
    { length: 50 },
    (_, i) => `      <version>${1 + Math.floor(i / 10)}.${i % 10}.0</version>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata>',
    '  <groupId>org.example</groupId>',
    '  <artifactId>reader-bench</artifactId>',
    '  <versioning>',
    '    <latest>5.9.0</latest>',
    '    <release>5.9.0</release>',
    '    <versions>',
    ...versions,
    '    </versions>',
    '    <lastUpdated>20261206120000</lastUpdated>',
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
}

function twineUpload(project: string, filename: string, file: Buffer): Upload {
  const boundary = 'ReaderBenchBoundary';
  const body = multipart(
    boundary,
    [
      [':action', 'file_upload'],
      ['name', project],
      ['version', '1.0.0'],
      ['sha256_digest', createHash('sha256').update(file).digest('hex')],
    ],
    filename,
    file,
  );
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += 64 * 1024) chunks.push(body.subarray(at, at + 64 * 1024));
  return { contentType: `multipart/form-data; boundary=${boundary}`, chunks };
}

/** The inputs, built in `work`; the same bytes go to both sides. */
async function buildInputs(work: string): Promise<Inputs> {
  const project = 'readerbench';
  const dists = await buildDists(work, project, '1.0.0');
  if (!dists.sdist) throw new Error('the fixture script built no sdist');
  const wheel = { name: path.basename(dists.wheel), bytes: await readFile(dists.wheel) };
  const sdist = { name: path.basename(dists.sdist), bytes: await readFile(dists.sdist) };
  return {
    tgz: npmFixture('reader-bench', '1.0.0', randomBytes(192 * 1024).toString('base64')).tarball,
    wheel,
    sdist,
    upload: twineUpload(project, wheel.name, wheel.bytes),
    bigUpload: twineUpload(project, `${project}-1.0.0-py3-none-any.whl`, randomBytes(8 * 1024 * 1024)),
    pom: pomText(),
    metadata: metadataText(),
  };
}

/** The files the inputs are kept in for the first-call processes. */
const inputFiles = {
  tgz: 'package.tgz',
  wheel: 'wheel',
  sdist: 'sdist',
  upload: 'upload',
  bigUpload: 'big-upload',
  pom: 'pom.xml',
  metadata: 'maven-metadata.xml',
} as const;

async function saveInputs(inputs: Inputs, dir: string): Promise<void> {
  const at = (file: string): string => path.join(dir, file);
  await writeFile(at(inputFiles.tgz), inputs.tgz);
  await writeFile(at(inputFiles.wheel), inputs.wheel.bytes);
  await writeFile(at(inputFiles.sdist), inputs.sdist.bytes);
  await writeFile(at(inputFiles.upload), Buffer.concat(inputs.upload.chunks));
  await writeFile(at(inputFiles.bigUpload), Buffer.concat(inputs.bigUpload.chunks));
  await writeFile(at(inputFiles.pom), inputs.pom);
  await writeFile(at(inputFiles.metadata), inputs.metadata);
  const names = {
    wheel: inputs.wheel.name,
    sdist: inputs.sdist.name,
    contentType: inputs.upload.contentType,
  };
  await writeFile(at('names.json'), JSON.stringify(names));
}

async function loadInputs(dir: string): Promise<Inputs> {
  const at = (file: string): Promise<Buffer> => readFile(path.join(dir, file));
  const names = JSON.parse((await at('names.json')).toString()) as {
    wheel: string;
    sdist: string;
    contentType: string;
  };
  const upload = async (file: string): Promise<Upload> => {
    const body = await at(file);
    const chunks: Buffer[] = [];
    for (let start = 0; start < body.length; start += 64 * 1024)
      chunks.push(body.subarray(start, start + 64 * 1024));
    return { contentType: names.contentType, chunks };
  };
  return {
    tgz: await at(inputFiles.tgz),
    wheel: { name: names.wheel, bytes: await at(inputFiles.wheel) },
    sdist: { name: names.sdist, bytes: await at(inputFiles.sdist) },
    upload: await upload(inputFiles.upload),
    bigUpload: await upload(inputFiles.bigUpload),
    pom: (await at(inputFiles.pom)).toString(),
    metadata: (await at(inputFiles.metadata)).toString(),
  };
}

/**
 * A result as text, Maps as entry lists and bytes (a Buffer, or a list of Buffers as a parser handed
 * them over) as their SHA-256, so the two sides' results can be compared.
 */
function canonical(value: unknown): string {
  const digest = (chunks: readonly Buffer[]): string => {
    const hash = createHash('sha256');
    for (const chunk of chunks) hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
  };
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, inner: unknown) {
    const original = this[key];
    if (Buffer.isBuffer(original)) return digest([original]);
    if (Array.isArray(original) && original.length > 0 && original.every((item) => Buffer.isBuffer(item)))
      return digest(original as Buffer[]);
    if (inner instanceof Map) return [...inner.entries()];
    return inner;
  });
}

interface Batch {
  readonly cpuUs: number;
  readonly wallUs: number;
}

/** `calls` calls one after the other: the process's CPU time and the wall time per call, in µs. */
async function batch(operation: Operation, inputs: Inputs, calls: number): Promise<Batch> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i++) await operation(inputs);
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / calls, wallUs: ((performance.now() - started) * 1000) / calls };
}

/**
 * Untimed calls until at least 200 have run and 1 s has passed: V8 optimises a function after
 * enough calls (the old multipart reader took 20-40 calls of an 8 MiB body), and compiles it on
 * background threads, whose CPU time a batch would otherwise count (small readers kept getting
 * cheaper for some 0.5 s after 200 calls).
 */
async function warm(operation: Operation, inputs: Inputs): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < 200 || performance.now() - started < 1000; i++) await operation(inputs);
}

const here = fileURLToPath(import.meta.url);
/** Marks the JSON line a child process prints among other output. */
const resultPrefix = 'READERS ';
/** Stands for "no earlier checkout" where a child process takes one. */
const noBaseline = '-';

type Side = 'before' | 'now';
type FirstCalls = Partial<Record<OperationKey, number>>;

async function readersOf(side: Side, root: string): Promise<Readers> {
  if (side === 'now') return libraryReaders();
  return root === noBaseline ? {} : handWrittenReaders(root);
}

/** In a fresh process: each operation's first call, wall ms, in the table's order. */
async function firstCalls(side: Side, inputDir: string, root: string): Promise<FirstCalls> {
  const inputs = await loadInputs(inputDir);
  const readers = await readersOf(side, root);
  const times: FirstCalls = {};
  for (const { key } of operations) {
    const operation = readers[key];
    if (!operation) continue;
    const started = performance.now();
    await operation(inputs);
    times[key] = performance.now() - started;
  }
  return times;
}

interface Samples {
  readonly before: Batch[];
  readonly now: Batch[];
  /** Whether the two sides' results differed (they are checked once, after warming). */
  readonly differs: boolean;
}

/** Batch size: about 50 ms for the slower side, from a short timed run after warming. */
async function callsPerBatch(sides: readonly Operation[], inputs: Inputs): Promise<number> {
  let slowest = 0;
  for (const operation of sides) slowest = Math.max(slowest, (await batch(operation, inputs, 10)).wallUs);
  return Math.max(1, Math.min(100_000, Math.round(50_000 / Math.max(slowest, 1))));
}

/**
 * In a fresh process, so no operation meets the heap another left behind: one operation's rounds,
 * both sides interleaved; undefined when this checkout has no reader for it.
 */
async function measureOperation(
  key: OperationKey,
  inputDir: string,
  root: string,
  rounds: number,
): Promise<Samples | undefined> {
  const inputs = await loadInputs(inputDir);
  const after = (await readersOf('now', root))[key];
  const earlier = (await readersOf('before', root))[key];
  if (!after) return undefined;
  const sides = earlier ? [earlier, after] : [after];
  for (const operation of sides) await warm(operation, inputs);
  const differs = earlier ? canonical(await earlier(inputs)) !== canonical(await after(inputs)) : false;
  const calls = await callsPerBatch(sides, inputs);
  const before: Batch[] = [];
  const now: Batch[] = [];
  for (let round = 0; round < rounds; round++) {
    if (earlier && round % 2 === 0) before.push(await batch(earlier, inputs, calls));
    now.push(await batch(after, inputs, calls));
    if (earlier && round % 2 === 1) before.push(await batch(earlier, inputs, calls));
  }
  return { before, now, differs };
}

/** This module run in a fresh process with `args` (see the end of the file); the value it prints. */
function inChild<T>(args: readonly string[], what: string): Promise<T> {
  return jsonFromChild<T>(here, args, { cwd: repoRoot, prefix: resultPrefix, what: `The ${what} run` });
}

const minMedian = (values: readonly number[], digits: number): string =>
  values.length === 0 ? '—' : `${fmt(Math.min(...values), digits)} / ${fmt(median(values), digits)}`;

export async function compareReaders(arg?: string): Promise<void> {
  const { rounds, ref } = roundsAndRef('readers', arg, 20);
  const work = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-readers-'));
  let baseline: PreparedCheckout | undefined;
  try {
    baseline = ref ? await prepareCheckout(ref, { install: false }) : undefined;
    const root = baseline?.checkout.root ?? noBaseline;
    const inputs = await buildInputs(work);
    await saveInputs(inputs, work);
    const firstNow = await inChild<FirstCalls>(['--first-calls', 'now', work, root], 'first-call (now)');
    const firstBefore = baseline
      ? await inChild<FirstCalls>(['--first-calls', 'before', work, root], 'first-call (before)')
      : {};
    const hadSdistReader = firstBefore.sdist !== undefined;
    const samples = new Map<OperationKey, Samples>();
    for (const { key, label } of operations) {
      const taken = await inChild<Samples | null>(['--operation', key, work, root, String(rounds)], label);
      if (taken) samples.set(key, taken);
    }
    const notes = operations
      .filter(({ key }) => samples.get(key)?.differs)
      .map(({ label }) => `${label}: the two sides' results differ`);

    const lines = operations.flatMap(({ key, label, size }) => {
      const taken = samples.get(key);
      if (!taken) return [];
      const cpu = (list: Batch[]): number[] => list.map((sample) => sample.cpuUs);
      const wall = (list: Batch[]): number[] => list.map((sample) => sample.wallUs);
      // Each round's now ÷ before, both taken moments apart: a change of load falls on both. The
      // median, and for CPU the quartiles, of the rounds' ratios.
      const ratios = (after: number[], earlier: number[]): number[] =>
        after.map((value, round) => value / (earlier[round] ?? NaN)).sort((x, y) => x - y);
      const ratio = (after: number[], earlier: number[], spread = false): string => {
        if (earlier.length === 0) return '—';
        const sorted = ratios(after, earlier);
        const middle = fmt(median(sorted));
        return spread ? `${middle} (${fmt(percentile(sorted, 25))}–${fmt(percentile(sorted, 75))})` : middle;
      };
      const first = (times: Partial<Record<OperationKey, number>>): string =>
        times[key] === undefined ? '—' : fmt(times[key] ?? NaN, 1);
      return [
        [
          label,
          fmt(size(inputs) / 1024, 1),
          minMedian(cpu(taken.before), 1),
          minMedian(cpu(taken.now), 1),
          ratio(cpu(taken.now), cpu(taken.before), true),
          minMedian(wall(taken.before), 1),
          minMedian(wall(taken.now), 1),
          ratio(wall(taken.now), wall(taken.before)),
          `${first(firstBefore)} / ${first(firstNow)}`,
        ],
      ];
    });
    table(
      `Readers of untrusted uploads, ${rounds} interleaved round(s), both sides in one process per operation` +
        (baseline
          ? `: hand-written at ${baseline.checkout.label} (before) against this checkout's (now)`
          : '') +
        `, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')}`,
      [
        'operation',
        'input KiB',
        'before: CPU µs per call min / median',
        'now: CPU µs per call min / median',
        'now ÷ before, CPU: median of rounds (quartiles)',
        'before: wall µs per call min / median',
        'now: wall µs per call min / median',
        'now ÷ before, wall (median of rounds)',
        'first call in a process, ms before / now',
      ],
      lines,
    );
    if (baseline && !hadSdistReader)
      console.log(`(${baseline.checkout.label} had no sdist reader: an sdist's PKG-INFO was not read then.)`);
    for (const note of notes) console.log(`Note: ${note}.`);
  } finally {
    await baseline?.remove();
    await rm(work, { recursive: true, force: true });
  }
}

const [mode, ...childArgs] = process.argv.slice(2);
if (mode === '--first-calls') {
  const [side, inputDir, root] = childArgs;
  if ((side !== 'before' && side !== 'now') || !inputDir || !root)
    throw new Error('--first-calls takes before|now INPUT_DIR ROOT');
  console.log(resultPrefix + JSON.stringify(await firstCalls(side, inputDir, root)));
} else if (mode === '--operation') {
  const [key, inputDir, root, rounds] = childArgs;
  const operation = operations.find((candidate) => candidate.key === key);
  if (!operation || !inputDir || !root || !rounds)
    throw new Error('--operation takes KEY INPUT_DIR ROOT ROUNDS');
  const samples = await measureOperation(operation.key, inputDir, root, Number(rounds));
  console.log(resultPrefix + JSON.stringify(samples ?? null));
}
