/** The web console's sign-in: asks for the console token `serve` printed when none (or a wrong one) is known. */
import { useState } from 'react';

export function TokenPrompt({
  rejected,
  onSubmit,
}: {
  rejected: boolean;
  onSubmit: (token: string) => void;
}): React.JSX.Element {
  const [token, setToken] = useState('');
  return (
    <main className="token-prompt" data-testid="token-prompt" data-app-state="token-required">
      <form
        className="token-card"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) onSubmit(token.trim());
        }}
      >
        <h1>Artifact Desk console</h1>
        <p>
          Enter the console token that <code>artifact-desk serve</code> printed at start (the{' '}
          <code>console token:</code> line), or open the console link it printed.
        </p>
        {rejected && (
          <p className="error-message" role="alert" data-testid="token-rejected">
            That token was refused. Tokens change every time serve starts.
          </p>
        )}
        <label className="field">
          <span>Console token</span>
          <input
            type="password"
            autoFocus
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            data-testid="token-input"
          />
        </label>
        <button type="submit" className="button primary" disabled={!token.trim()} data-testid="token-submit">
          Open console
        </button>
      </form>
    </main>
  );
}
