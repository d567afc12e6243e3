/**
 * Client configuration snippets, each with where it goes and a Copy button. `shown` is what the page
 * displays (tokens masked unless revealed); `real` is the same list with the real token, used only
 * by Copy, so a masked token never reaches the page.
 */
import type { ConnectSnippet } from '../lib/connect-config';
import { CopyButton } from './CopyButton';

export function SnippetList({
  shown,
  real,
}: {
  shown: readonly ConnectSnippet[];
  real: readonly ConnectSnippet[];
}): React.JSX.Element {
  return (
    <>
      {shown.map((snippet, index) => (
        <section key={snippet.id} className="settings-section snippet" data-testid={`snippet-${snippet.id}`}>
          <div className="snippet-header">
            <h3>{snippet.title}</h3>
            <span className="muted small">{snippet.where}</span>
            <CopyButton text={real[index]?.text ?? snippet.text} testId={`copy-${snippet.id}`} />
          </div>
          <pre className="code" data-testid="snippet-text">
            {snippet.text}
          </pre>
        </section>
      ))}
    </>
  );
}
