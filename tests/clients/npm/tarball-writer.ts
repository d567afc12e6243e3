/**
 * Writes npm package tarballs for tests and benchmarks: a gzip-compressed ustar archive with every
 * file under `package/`, as `npm pack` lays it out.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512, 0);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 8, 'ascii');
  block.write('0000000\0', 108, 8, 'ascii');
  block.write('0000000\0', 116, 8, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  block.write(
    `${Math.floor(Date.UTC(2020, 0, 1) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    12,
    'ascii',
  );
  block.write('        ', 148, 8, 'ascii');
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

export function packTarball(files: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [file, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    parts.push(header(`package/${file}`, data.length), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}

export interface NpmFixture {
  readonly name: string;
  readonly version: string;
  readonly tarball: Buffer;
  readonly manifest: Record<string, unknown>;
  readonly integrity: string;
  readonly shasum: string;
}

/** A package whose index.js exports a marker string, so tests can tell which copy was installed. */
export function npmFixture(
  name: string,
  version: string,
  marker: string,
  extra: Record<string, unknown> = {},
): NpmFixture {
  const manifest = {
    name,
    version,
    description: `${name} for tests`,
    main: 'index.js',
    license: 'MIT',
    ...extra,
  };
  const tarball = packTarball({
    'package.json': JSON.stringify(manifest, null, 2),
    'index.js': `module.exports = ${JSON.stringify(marker)};\n`,
    'README.md': `# ${name}\n\n${marker}\n`,
  });
  return {
    name,
    version,
    tarball,
    manifest,
    integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
    shasum: createHash('sha1').update(tarball).digest('hex'),
  };
}
