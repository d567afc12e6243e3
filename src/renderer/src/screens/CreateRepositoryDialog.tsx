/** Creates a repository in a domain, optionally with upstreams chosen from the domain's repositories. */
import { useEffect, useId, useState } from 'react';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { FormDialog } from '../components/FormDialog';
import { checkField, describeRule, fieldRules } from '../lib/field-check';
import { useApp } from '../store/store-context';

export function CreateRepositoryDialog({
  domain,
  onClose,
}: {
  domain: string;
  onClose: () => void;
}): React.JSX.Element {
  const createRepository = useApp((state) => state.createRepository);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const existing = useApp((state) => state.repositories[domain]?.items);
  const navigate = useApp((state) => state.navigate);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [upstreams, setUpstreams] = useState<string[]>([]);
  const nameId = useId();
  const descriptionId = useId();
  const nameProblem = name === '' ? undefined : checkField(fieldRules.repositoryName, name.trim());
  const taken = existing?.some((repository) => repository.name === name.trim())
    ? `${domain} already has a repository named ${name.trim()}.`
    : undefined;
  const descriptionProblem = checkField(fieldRules.description, description.trim());
  useEffect(() => {
    if (!existing) void loadRepositories(domain);
  }, [domain, existing, loadRepositories]);
  const toggle = (repository: string): void =>
    setUpstreams((current) =>
      current.includes(repository) ? current.filter((item) => item !== repository) : [...current, repository],
    );
  return (
    <FormDialog
      title={`New repository in ${domain}`}
      submitLabel="Create repository"
      testId="create-repository-dialog"
      submitDisabled={
        name.trim() === '' ||
        nameProblem !== undefined ||
        taken !== undefined ||
        descriptionProblem !== undefined
      }
      onClose={onClose}
      onSubmit={async () => {
        const created = await createRepository(domain, {
          repository: name.trim(),
          description: description.trim(),
          upstreams,
        });
        navigate({ screen: 'repository', domain, repository: created?.name ?? name.trim(), tab: 'packages' });
      }}
    >
      <label className="field">
        <span>Repository name</span>
        <input
          id={nameId}
          data-autofocus
          aria-invalid={(nameProblem ?? taken) !== undefined}
          aria-describedby={fieldHintId(nameId)}
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="my-repository"
          data-testid="repository-name-input"
          autoComplete="off"
          spellCheck={false}
        />
        <FieldHint
          fieldId={nameId}
          rule={describeRule(fieldRules.repositoryName)}
          problem={nameProblem ?? taken}
          testId="repository-name-hint"
        />
      </label>
      <label className="field">
        <span>Description (optional)</span>
        <input
          id={descriptionId}
          value={description}
          aria-invalid={descriptionProblem !== undefined}
          aria-describedby={fieldHintId(descriptionId)}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="repository-description-input"
        />
        <FieldHint
          fieldId={descriptionId}
          problem={descriptionProblem}
          testId="repository-description-hint"
        />
      </label>
      {existing && existing.length > 0 && (
        <fieldset className="field">
          <legend>Upstream repositories (searched in the order ticked)</legend>
          {existing.map((repository) =>
            repository.name ? (
              <label key={repository.name} className="check">
                <input
                  type="checkbox"
                  checked={upstreams.includes(repository.name)}
                  onChange={() => repository.name && toggle(repository.name)}
                  data-testid={`new-upstream-${repository.name}`}
                />
                {repository.name}
                {upstreams.includes(repository.name) && (
                  <span className="muted"> (#{upstreams.indexOf(repository.name) + 1})</span>
                )}
              </label>
            ) : null,
          )}
        </fieldset>
      )}
    </FormDialog>
  );
}
