/**
 * Starts the service for the desktop app from its settings. When the configured port is taken (say,
 * `serve` already runs on it) the app still opens, on a free port, and says so; every other failure
 * (a locked data directory, an account id that does not match the data) is reported as it is.
 */
import type { RunningService, ServiceConfig } from '../service/service';
import { migrationProgressLine } from '../service/migration-progress';
import { JournalDamagedError } from '../store/store-errors';
import type { LoadedSettings } from './settings';

export interface DesktopServiceStart {
  readonly service: RunningService;
  /** Set when the service could not use the configured port. */
  readonly notice?: string;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** The journal recovery a start made, in words for a dialog. */
export function describeRecovery(service: RunningService): string | undefined {
  const report = service.recovery;
  const damaged = report.discarded.filter((entry) => entry.keptAs !== undefined);
  if (damaged.length === 0) return undefined;
  return [
    `The journal was recovered up to transaction #${report.lastSeq}. Set aside:`,
    ...damaged.map(
      (entry) =>
        `• ${entry.reason}` +
        (entry.followingRecords !== undefined
          ? `, with ${entry.followingRecords} intact record(s) after it`
          : '') +
        ` (kept in ${entry.keptAs ?? ''})`,
    ),
    ...(report.reportFile ? [`The full report is in ${report.reportFile}.`] : []),
  ].join('\n');
}

export async function startDesktopService(
  loaded: LoadedSettings,
  start: (config: ServiceConfig) => Promise<RunningService>,
  /**
   * Asked when the journal is damaged in the middle (the start stopped): true recovers the
   * transactions before the damage and sets the rest aside; false keeps the refusal.
   */
  confirmJournalRecovery: (error: JournalDamagedError) => Promise<boolean> = async () => false,
): Promise<DesktopServiceStart> {
  const { settings } = loaded;
  const config: ServiceConfig = {
    dataDir: loaded.dataDir,
    host: settings.host,
    port: settings.port,
    ...(settings.accountId !== undefined ? { accountId: settings.accountId } : {}),
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    storage: { onMigration: (progress) => process.stdout.write(migrationProgressLine(progress)) },
  };
  try {
    return { service: await start(config) };
  } catch (error) {
    if (error instanceof JournalDamagedError) {
      if (!(await confirmJournalRecovery(error))) throw error;
      const service = await start({ ...config, recoverJournal: true });
      const notice = describeRecovery(service);
      return notice === undefined ? { service } : { service, notice };
    }
    if (!isAddressInUse(error) || settings.port === 0) throw error;
    const service = await start({ ...config, port: 0 });
    return {
      service,
      notice: `Port ${settings.port} is in use, so the endpoint runs at ${service.url} for this session. Change "port" in ${loaded.path} to choose another.`,
    };
  }
}
