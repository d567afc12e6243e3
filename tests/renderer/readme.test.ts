import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Readme } from '../../src/renderer/src/components/Readme';

const render = (text: string): string => renderToStaticMarkup(createElement(Readme, { text }));

describe('readme rendering', () => {
  it('renders Markdown: headings, code, links, lists', () => {
    const html = render(
      '# acme-ui\n\nInstall with `npm i acme-ui`.\n\n- one\n- two\n\n[docs](https://example.com/docs)',
    );
    expect(html).toContain('<h1>acme-ui</h1>');
    expect(html).toContain('<code>npm i acme-ui</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<a href="https://example.com/docs">docs</a>');
  });

  it('drops script, inline handlers, frames and javascript: links', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '<img src="x.png" onerror="alert(2)">',
        '<iframe src="https://example.com"></iframe>',
        '[click](javascript:alert(3))',
        '<a href="javascript:alert(4)">raw</a>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(/<script|onerror|<iframe|javascript:/i);
    expect(html).toContain('click');
  });
});
