/** A drop-down of names (domains, repositories) with a "Choose …" first entry for none. */
export function NameSelect({
  names,
  value,
  onChange,
  placeholder,
  testId,
  disabled = false,
}: {
  names: readonly string[];
  value: string;
  onChange: (name: string) => void;
  /** The entry meaning nothing chosen yet ("Choose a repository"). */
  placeholder: string;
  testId: string;
  disabled?: boolean;
}): React.JSX.Element {
  return (
    <select
      value={value}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      data-testid={testId}
    >
      <option value="">{placeholder}</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}
