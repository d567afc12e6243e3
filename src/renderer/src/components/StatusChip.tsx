/** A package version status as a coloured chip (Published, Unlisted, Archived, Disposed…). */
export function StatusChip({ status }: { status: string | undefined }): React.JSX.Element {
  const value = status ?? 'Unknown';
  return (
    <span className={`chip status-${value.toLowerCase()}`} data-testid="status-chip">
      {value}
    </span>
  );
}
