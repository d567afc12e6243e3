/**
 * The PyPI endpoint's protocol pieces without clients: the streaming multipart reader (delimiters
 * split across chunks, malformed bodies), Accept negotiation of the simple API, distribution file
 * names, Requires-Dist parsing and reading upstream simple pages.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readMultipart } from '../../src/main/http/formats/pypi/multipart-stream';
import { versionFromFilename } from '../../src/main/http/formats/pypi/pypi-names';
import { negotiateSimple, renderProjectPage } from '../../src/main/http/formats/pypi/simple-pages';
import { parseRequiresDist } from '../../src/main/http/formats/pypi/upload-metadata';
import { parseHtmlPage, parseJsonPage } from '../../src/main/http/formats/pypi/upstream-index';
import { parseCoreMetadata } from '../../src/main/http/formats/pypi/core-metadata';

function body(boundary: string, parts: { name: string; filename?: string; data: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const limits = { maxFieldBytes: 1024, maxParts: 100 };

async function collect(source: Buffer, boundary: string, chunkSize: number, partLimits = limits) {
  const pieces: Buffer[] = [];
  for (let at = 0; at < source.length; at += chunkSize) pieces.push(source.subarray(at, at + chunkSize));
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  await readMultipart(
    Readable.from(pieces),
    `multipart/form-data; boundary=${boundary}`,
    {
      field: (name, value) => void parts.push({ name, data: Buffer.from(value) }),
      async file(name, filename, body) {
        const data: Buffer[] = [];
        for await (const chunk of body) data.push(chunk as Buffer);
        parts.push({ name, filename, data: Buffer.concat(data) });
      },
    },
    partLimits,
  );
  return parts;
}

describe('multipart reader', () => {
  const boundary = 'xYzZY';
  // Binary content that contains CRLFs, dashes and a near-delimiter.
  const file = Buffer.concat([
    Buffer.from('\r\n--xYzZ\r\n-'),
    Buffer.alloc(70_000, 7),
    Buffer.from('\r\n--xYz'),
  ]);
  const source = body(boundary, [
    { name: ':action', data: 'file_upload' },
    { name: 'classifiers', data: 'A' },
    { name: 'classifiers', data: 'B' },
    { name: 'content', filename: 'a-1.0.tar.gz', data: file },
  ]);

  it.each([1, 3, 7, 64, 4096, 1 << 20])(
    'reads every part whatever the chunk size (%i bytes)',
    async (size) => {
      const parts = await collect(source, boundary, size);
      expect(parts.map((part) => part.name)).toEqual([':action', 'classifiers', 'classifiers', 'content']);
      expect(parts[0]?.data.toString()).toBe('file_upload');
      expect(parts[3]?.filename).toBe('a-1.0.tar.gz');
      expect(parts[3]?.data.equals(file)).toBe(true);
    },
  );

  it('refuses a body without its closing delimiter, and skips a part without a form-data name', async () => {
    await expect(collect(source.subarray(0, source.length - 10), boundary, 100)).rejects.toThrow(
      /not a well-formed multipart body: Unexpected end of form/,
    );
    const nameless = Buffer.from(`--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n`);
    expect(await collect(nameless, 'b', 5)).toEqual([]);
  });

  it('refuses a field past its limit instead of cutting it, and too many parts', async () => {
    await expect(collect(source, boundary, 4096, { maxFieldBytes: 4, maxParts: 100 })).rejects.toThrow(
      "The form field ':action' is larger than 4 bytes.",
    );
    await expect(collect(source, boundary, 4096, { maxFieldBytes: 1024, maxParts: 2 })).rejects.toThrow(
      'too many form fields',
    );
  });

  it('stops when a file handler fails, after the handler has settled', async () => {
    let settled = false;
    await expect(
      readMultipart(
        Readable.from([source]),
        `multipart/form-data; boundary=${boundary}`,
        {
          field: () => undefined,
          async file(_name, _filename, body) {
            for await (const chunk of body) void chunk;
            settled = true;
            throw new Error('disk full');
          },
        },
        limits,
      ),
    ).rejects.toThrow('disk full');
    expect(settled).toBe(true);
  });

  it('refuses a request that is not multipart/form-data or has no boundary', async () => {
    const handlers = { field: () => undefined, file: async () => undefined };
    await expect(
      readMultipart(Readable.from([source]), 'application/json', handlers, limits),
    ).rejects.toThrow('must be a multipart/form-data POST');
    await expect(
      readMultipart(Readable.from([source]), 'multipart/form-data; charset=utf-8', handlers, limits),
    ).rejects.toThrow(/Content-Type cannot be used: Multipart: Boundary not found/);
  });
});

describe('simple API pieces', () => {
  it('negotiates the representation like PyPI', () => {
    expect(negotiateSimple(undefined)).toBe('text/html');
    expect(negotiateSimple('*/*')).toBe('text/html');
    expect(
      negotiateSimple(
        'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01',
      ),
    ).toBe('application/vnd.pypi.simple.v1+json');
    expect(negotiateSimple('text/html;q=0.5, application/vnd.pypi.simple.v1+html')).toBe(
      'application/vnd.pypi.simple.v1+html',
    );
    expect(negotiateSimple('application/json')).toBeUndefined();
  });

  it('escapes requires-python and names in HTML', () => {
    const html = renderProjectPage(
      {
        name: 'p',
        versions: ['1'],
        files: [{ filename: 'p-1.tar.gz', url: '/x/p-1.tar.gz', sha256: 'ab', requiresPython: '>=3.8,<4' }],
      },
      'text/html',
    );
    expect(html).toContain(
      '<a href="/x/p-1.tar.gz#sha256=ab" data-requires-python="&gt;=3.8,&lt;4">p-1.tar.gz</a>',
    );
  });

  it('reads versions from wheel and sdist names', () => {
    expect(versionFromFilename('foo-bar', 'foo_bar-1.0.post1-py3-none-any.whl')).toBe('1.0.post1');
    expect(versionFromFilename('foo-bar', 'Foo.Bar-2.0rc1.tar.gz')).toBe('2.0rc1');
    expect(versionFromFilename('foo', 'foo-bar-1.0.tar.gz')).toBe('bar-1.0');
    expect(versionFromFilename('foo', 'other-1.0.tar.gz')).toBeUndefined();
    expect(versionFromFilename('foo', 'foo-1.0.exe')).toBeUndefined();
  });

  it('parses Requires-Dist lines', () => {
    expect(parseRequiresDist('Requests[socks] (>=2.0) ; python_version < "3.8"')).toEqual({
      package: 'requests',
      dependencyType: 'install',
      versionRequirement: '>=2.0; python_version < "3.8"',
    });
    expect(parseRequiresDist("pytest; extra == 'test'")).toEqual({
      package: 'pytest',
      dependencyType: 'extra:test',
      versionRequirement: "extra == 'test'",
    });
  });

  it('reads upstream pages in HTML and JSON, resolving URLs and skipping yanked files', () => {
    const sha = 'a'.repeat(64);
    const html = parseHtmlPage(
      'demo',
      'http://127.0.0.1:9/simple/demo/',
      `<a href="../../f/demo-1.0.tar.gz#sha256=${sha}" data-requires-python="&gt;=3.6">demo-1.0.tar.gz</a>
       <a href="../../f/demo-0.9.tar.gz" data-yanked="">demo-0.9.tar.gz</a>`,
    );
    expect(html).toEqual([
      {
        filename: 'demo-1.0.tar.gz',
        url: 'http://127.0.0.1:9/f/demo-1.0.tar.gz',
        version: '1.0',
        sha256: sha,
        requiresPython: '>=3.6',
      },
    ]);
    const json = parseJsonPage(
      'demo',
      'http://127.0.0.1:9/simple/demo/',
      JSON.stringify({
        files: [
          {
            filename: 'demo-2.0-py3-none-any.whl',
            url: 'http://127.0.0.1:9/f/demo-2.0-py3-none-any.whl',
            hashes: { sha256: sha },
          },
          { filename: 'demo-1.5.tar.gz', url: '/f/demo-1.5.tar.gz', hashes: {}, yanked: 'broken' },
        ],
      }),
    );
    expect(json.map((file) => [file.filename, file.version, file.sha256])).toEqual([
      ['demo-2.0-py3-none-any.whl', '2.0', sha],
    ]);
  });
  it("reads the upstream's metadata file announcements (PEP 714's name, else PEP 658's), with a SHA-256 only", () => {
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    const base = 'http://127.0.0.1:9/simple/demo/';
    const html = parseHtmlPage(
      'demo',
      base,
      `<a href="/f/demo-1.0-py3-none-any.whl" data-core-metadata="sha256=${a}" data-dist-info-metadata="sha256=${b}">demo-1.0-py3-none-any.whl</a>
       <a href="/f/demo-1.1-py3-none-any.whl" data-dist-info-metadata="sha256=${b}">demo-1.1-py3-none-any.whl</a>
       <a href="/f/demo-1.2-py3-none-any.whl" data-core-metadata="true">demo-1.2-py3-none-any.whl</a>`,
    );
    expect(html.map((file) => file.metadataSha256)).toEqual([a, b, undefined]);
    const json = parseJsonPage(
      'demo',
      base,
      JSON.stringify({
        files: [
          { filename: 'demo-2.0-py3-none-any.whl', url: '/f/2', hashes: {}, 'core-metadata': { sha256: a } },
          {
            filename: 'demo-2.1-py3-none-any.whl',
            url: '/f/3',
            hashes: {},
            'dist-info-metadata': { sha256: b },
          },
          { filename: 'demo-2.2-py3-none-any.whl', url: '/f/4', hashes: {}, 'core-metadata': true },
        ],
      }),
    );
    expect(json.map((file) => file.metadataSha256)).toEqual([a, b, undefined]);
  });

  it('announces a metadata file under both names, only for a file that has one', () => {
    const sha = 'c'.repeat(64);
    const project = {
      name: 'demo',
      versions: ['1.0'],
      files: [
        { filename: 'demo-1.0-py3-none-any.whl', url: '/f/demo-1.0-py3-none-any.whl', metadataSha256: sha },
        { filename: 'demo-1.0.tar.gz', url: '/f/demo-1.0.tar.gz' },
      ],
    };
    const [wheelLink, sdistLink] = renderProjectPage(project, 'text/html')
      .split('\n')
      .filter((line) => line.includes('<a '));
    expect(wheelLink).toContain(`data-dist-info-metadata="sha256=${sha}" data-core-metadata="sha256=${sha}"`);
    expect(sdistLink).not.toContain('metadata');
    const json = JSON.parse(renderProjectPage(project, 'application/vnd.pypi.simple.v1+json')) as {
      files: Record<string, unknown>[];
    };
    expect(json.files[0]).toMatchObject({
      'core-metadata': { sha256: sha },
      'dist-info-metadata': { sha256: sha },
    });
    expect(Object.keys(json.files[1] ?? {})).not.toContain('core-metadata');
  });
});

describe('core metadata', () => {
  it('parses METADATA headers, repeated fields and the description body', () => {
    const fields = parseCoreMetadata(
      'Metadata-Version: 2.1\nName: Foo\nVersion: 1.0\nSummary: A foo\nClassifier: A\nClassifier: B\n' +
        'Requires-Dist: bar>=1\nProject-URL: Source, http://127.0.0.1/src\n\nLong text\nmore\n',
    );
    expect(fields.get('name')).toEqual(['Foo']);
    expect(fields.get('classifiers')).toEqual(['A', 'B']);
    expect(fields.get('requires_dist')).toEqual(['bar>=1']);
    expect(fields.get('project_urls')).toEqual(['Source, http://127.0.0.1/src']);
    expect(fields.get('description')).toEqual(['Long text\nmore']);
  });
});
