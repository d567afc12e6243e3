/** Creates a domain: the name is all CodeArtifact needs (encryption is local and automatic here). */
import { useState } from 'react';
import { FormDialog } from '../components/FormDialog';
import { useApp } from '../store/store-context';

export function CreateDomainDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const createDomain = useApp((state) => state.createDomain);
  const navigate = useApp((state) => state.navigate);
  const [name, setName] = useState('');
  return (
    <FormDialog
      title="New domain"
      submitLabel="Create domain"
      testId="create-domain-dialog"
      onClose={onClose}
      onSubmit={async () => {
        const domain = await createDomain(name.trim());
        navigate({ screen: 'domain', domain: domain?.name ?? name.trim(), tab: 'repositories' });
      }}
    >
      <label className="field">
        <span>Domain name</span>
        <input
          data-autofocus
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="my-domain"
          data-testid="domain-name-input"
          autoComplete="off"
          spellCheck={false}
        />
        <small>Lower-case letters, digits and hyphens; 2–50 characters.</small>
      </label>
    </FormDialog>
  );
}
