/**
 * A package's readme: Markdown rendered to elements (never injected as HTML) and passed through a
 * sanitiser, so a readme cannot run script, embed frames or link to `javascript:` URLs.
 */
import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

export function Readme({ text }: { text: string }): React.JSX.Element {
  return (
    <article className="readme" data-testid="readme">
      <ReactMarkdown rehypePlugins={[rehypeSanitize]}>{text}</ReactMarkdown>
    </article>
  );
}
