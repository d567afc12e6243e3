/** Creates a domain: the name is all CodeArtifact needs (encryption is local and automatic here). */
import { useId, useState } from 'react';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { FormDialog } from '../components/FormDialog';
import { checkField, describeRule, fieldRules } from '../lib/field-check';
import { useApp } from '../store/store-context';

export function CreateDomainDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const createDomain = useApp((state) => state.createDomain);
  const navigate = useApp((state) => state.navigate);
  const [name, setName] = useState('');
  const id = useId();
  const problem = name === '' ? undefined : checkField(fieldRules.domainName, name.trim());
  return (
    <FormDialog
      title="New domain"
      submitLabel="Create domain"
      testId="create-domain-dialog"
      submitDisabled={name.trim() === '' || problem !== undefined}
      onClose={onClose}
      onSubmit={async () => {
        const domain = await createDomain(name.trim());
        navigate({ screen: 'domain', domain: domain?.name ?? name.trim(), tab: 'repositories' });
      }}
    >
      <label className="field">
        <span>Domain name</span>
        <input
          id={id}
          data-autofocus
          aria-invalid={problem !== undefined}
          aria-describedby={fieldHintId(id)}
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="my-domain"
          data-testid="domain-name-input"
          autoComplete="off"
          spellCheck={false}
        />
        <FieldHint
          fieldId={id}
          rule={describeRule(fieldRules.domainName)}
          problem={problem}
          testId="domain-name-hint"
        />
      </label>
    </FormDialog>
  );
}
