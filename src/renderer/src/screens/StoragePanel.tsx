/**
 * Where a domain's bytes are, as bar charts: the domain's stored total (each file once), the bytes
 * each repository and each format references, and the largest packages. Each bar's figure is also
 * written out, so the chart reads the same without seeing it.
 */
import { useEffect } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { formatBytes, plural } from '../lib/format';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';

interface Bar {
  readonly key: string;
  readonly label: string;
  readonly detail?: string;
  readonly bytes: number;
}

function BarChart({
  title,
  bars,
  testId,
}: {
  title: string;
  bars: readonly Bar[];
  testId: string;
}): React.JSX.Element {
  const largest = Math.max(1, ...bars.map((bar) => bar.bytes));
  return (
    <section className="settings-section" data-testid={testId}>
      <h2>{title}</h2>
      <table className="table compact bar-chart">
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key} data-testid="storage-bar" data-label={bar.label}>
              <th scope="row" className="bar-label">
                {bar.label}
                {bar.detail && <span className="muted small"> {bar.detail}</span>}
              </th>
              <td className="bar-cell" aria-hidden="true">
                <span className="bar" style={{ width: `${Math.max(0.5, (bar.bytes / largest) * 100)}%` }} />
              </td>
              <td className="numeric nowrap" data-testid="storage-bytes">
                {formatBytes(bar.bytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function StoragePanel({ domain }: { domain: string }): React.JSX.Element {
  const storage = useApp((state) => state.storage);
  const loadStorage = useApp((state) => state.loadStorage);
  useEffect(() => {
    void loadStorage(domain);
  }, [domain, loadStorage]);
  const current = storage?.domain === domain ? storage : undefined;
  const usage = current?.value;
  if (current?.status === 'error') return <ErrorMessage error={current.error} />;
  if (!usage) return <Loading label="Reading storage…" />;
  return (
    <div className="storage" data-testid="domain-storage">
      <p className="muted">
        <strong data-testid="storage-total">{formatBytes(usage.domainBytes)}</strong> stored in this domain,
        each file once however many repositories hold it. The bars count what each repository, format and
        package references, so a file two repositories share counts in both.
      </p>
      {usage.repositories.length === 0 ? (
        <EmptyState title="No repositories in this domain" testId="storage-empty" />
      ) : (
        <>
          <BarChart
            title="By repository"
            testId="storage-repositories"
            bars={usage.repositories.map((item) => ({
              key: item.repository,
              label: item.repository,
              detail: plural(item.versions, 'version'),
              bytes: item.bytes,
            }))}
          />
          {usage.formats.length > 0 && (
            <BarChart
              title="By format"
              testId="storage-formats"
              bars={usage.formats.map((item) => ({
                key: item.format,
                label: item.format,
                bytes: item.bytes,
              }))}
            />
          )}
          {usage.packages.length > 0 && (
            <BarChart
              title="Largest packages"
              testId="storage-packages"
              bars={usage.packages.map((item) => ({
                key: `${item.repository}/${item.format}/${item.namespace ?? ''}/${item.package}`,
                label: displayPackageName(item.format, item.namespace, item.package),
                detail: `${item.format} · ${item.repository}`,
                bytes: item.bytes,
              }))}
            />
          )}
        </>
      )}
    </div>
  );
}
