/**
 * A package's readme: Markdown with GitHub's extensions (tables, task lists, strikethrough, autolinks)
 * rendered to elements (never injected as HTML), passed through a sanitiser, so a readme cannot run
 * script, embed frames or link to `javascript:` URLs, then code blocks highlighted. Highlighting
 * runs after sanitising (it only adds class names) and knows a small set of languages, the ones
 * package readmes use most, to keep the bundle small.
 */
import bash from 'highlight.js/lib/languages/bash';
import groovy from 'highlight.js/lib/languages/groovy';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

const languages = { bash, groovy, ini, java, javascript, json, kotlin, python, rust, typescript, xml, yaml };
const aliases = {
  bash: ['sh', 'shell', 'console'],
  javascript: ['js', 'jsx'],
  typescript: ['ts', 'tsx'],
  xml: ['html', 'pom'],
  ini: ['toml', 'cfg'],
  kotlin: ['kts'],
  python: ['py'],
};

// Keep `language-*` classes on code so the highlighter knows the fence's language.
const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [...(defaultSchema.attributes?.['code'] ?? []), ['className', /^language-./]],
  },
};

export function Readme({ text }: { text: string }): React.JSX.Element {
  return (
    <article className="readme" data-testid="readme">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[
          [rehypeSanitize, schema],
          [rehypeHighlight, { languages, aliases, detect: false, plainText: ['text', 'txt'] }],
        ]}
      >
        {text}
      </ReactMarkdown>
    </article>
  );
}
