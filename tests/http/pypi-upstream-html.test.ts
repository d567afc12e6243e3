// The links of an upstream PEP 503 page as htmlparser2 reads them, on odd and hostile HTML: what
// pip would take is kept, what it would not (yanked, non-http, names with slashes) is left out.
import { describe, expect, it } from 'vitest';
import { parseHtmlPage } from '../../src/main/http/formats/pypi/upstream-index';

const base = 'http://127.0.0.1:9/simple/demo/';
const names = (html: string) => parseHtmlPage('demo', base, html).map((file) => file.filename);

describe('upstream simple pages', () => {
  it('reads unclosed, upper-case and unquoted anchors, with entities decoded', () => {
    const html = `<!DOCTYPE html><HTML><BODY>
      <A HREF=../../files/demo-1.0.tar.gz#sha256=${'a'.repeat(64)}>demo-1.0.tar.gz
      <a href='demo-1.1-py3-none-any.whl' data-requires-python="&gt;=3.8">demo-1.1-py3-none-any.whl</a>
      <a href="./sub/demo-1.2.tar.gz"></a>`;
    const files = parseHtmlPage('demo', base, html);
    expect(files.map((file) => file.filename)).toEqual([
      'demo-1.0.tar.gz',
      'demo-1.1-py3-none-any.whl',
      'demo-1.2.tar.gz',
    ]);
    expect(files[0]?.sha256).toBe('a'.repeat(64));
    expect(files[0]?.url).toBe('http://127.0.0.1:9/files/demo-1.0.tar.gz');
    expect(files[1]?.requiresPython, 'an entity in an attribute is decoded').toBe('>=3.8');
    expect(files[2]?.url, 'the link text is empty, so the name comes from the URL').toBe(
      'http://127.0.0.1:9/simple/demo/sub/demo-1.2.tar.gz',
    );
  });

  it('leaves out yanked files, non-http links, names with slashes and other projects', () => {
    const html = `
      <a href="demo-1.0.tar.gz" data-yanked="">demo-1.0.tar.gz</a>
      <a href="javascript:alert(1)">demo-2.0.tar.gz</a>
      <a href="file:///etc/passwd">demo-2.1.tar.gz</a>
      <a href="x">../demo-2.2.tar.gz</a>
      <a href="other-1.0.tar.gz">other-1.0.tar.gz</a>
      <a href="demo-3.0.tar.gz">demo-3.0.tar.gz</a>`;
    expect(names(html)).toEqual(['demo-3.0.tar.gz']);
  });

  it('ignores anchors inside scripts, comments and CDATA, and survives broken markup', () => {
    const html = `<script>document.write('<a href="demo-9.tar.gz">demo-9.tar.gz</a>')</script>
      <!-- <a href="demo-8.tar.gz">demo-8.tar.gz</a> -->
      <a href="demo-1.0.tar.gz"><b>demo-1.0.tar.gz</a></b>
      <a href="%zz">demo-1.1.tar.gz</a>
      <a href="demo-1.2.tar.gz`;
    expect(names(html)).toEqual(['demo-1.0.tar.gz', 'demo-1.1.tar.gz']);
  });

  it('reads a page of many thousand links without building a tree', () => {
    const html = Array.from(
      { length: 20_000 },
      (_, i) => `<a href="demo-1.${i}.tar.gz">demo-1.${i}.tar.gz</a>`,
    ).join('\n');
    expect(names(html)).toHaveLength(20_000);
  });
});
