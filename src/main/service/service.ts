/**
 * Builds the whole local service — store, engine, HTTP endpoint — from a configuration. The Electron
 * main process and the headless CLI both start Artifact Desk through here, so they run the same code.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppStatus, ExternalUpstreamInfo } from '../../shared/app-status';
import type { KitProgress, OfflineKitReport, OfflineKitRequest } from '../../shared/offline-kit';
import { offlineKitJob } from '../offline-kit/offline-kit-job';
import { seedJob, type SeedRunner } from '../offline-kit/run-seed';
import { createConsoleRoutes, type ConsoleRoutes } from '../console/console-routes';
import type { EngineContext } from '../engine/context';
import { createEngineContext } from '../engine';
import { sweepOrphanBlobs } from '../engine/assets/asset-blobs';
import { startTrashPurger, type TrashPurger } from '../engine/trash/trash-purger';
import { createInvoker, type Invoke } from '../engine/invoke';
import { createHttpServer } from '../http';
import {
  createExternalUpstreams,
  type ExternalUpstreamResolver,
  type ExternalUpstreams,
} from '../external/external-upstreams';
import type { UpstreamPolicy } from '../external/upstream-documents';
import { canRefetch, createBlobRepairer, repairFindings } from '../external/refetch-assets';
import { verifyStore } from '../engine/assets/verify-store';
import { verifyJobTitle, type RepairBlobsResult, type VerifyStoreResult } from '../../shared/app-operations';
import {
  createUpstreamTimingsSetting,
  type UpstreamTimingsSetting,
} from '../external/upstream-timings-setting';
import { createFormatRouter, formatHandlers } from '../http/formats';
import type { HttpLimits } from '../http/request-limits';
import { createAppOperations } from '../ipc/app-operations';
import { createUiDispatch } from '../ipc/ui-dispatch';
import { openStore, type RecoveryReport } from '../store';
import { createMirror, type Mirror } from '../mirror/mirror-jobs';
import { migrations } from '../store/migrations';
import type { Store, StoreOptions } from '../store/types';
import { createAppEventHub, type AppEventHub } from './app-event-hub';
import { loadIdentity, rotateStoredCredentials, type Credentials, type IdentityRequest } from './identity';
import { observeStoreChanges } from './store-change-notifier';
import { createBackup, type BackupReport } from '../backup/create-backup';
import { createControlRoute, newControlToken, removeControlFile, writeControlFile } from './control-endpoint';
import { runServiceJob, type JobProgress } from './service-jobs';

export interface ServiceConfig extends IdentityRequest {
  readonly dataDir: string;
  /** Address to bind; loopback by default. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  /**
   * Serve the web console (the built renderer at `/`, the console API under `/console/`), protected
   * by `token`. `rendererDir` is the renderer's build folder.
   */
  readonly console?: { readonly token: string; readonly rendererDir: string };
  /**
   * Upstream URLs of external connections by name (`public:npmjs` …). Connections not named here use
   * the user's own npm, pip and Maven configuration unless `useClientConfig` is false.
   */
  readonly externalUpstreams?: ExternalUpstreams;
  readonly useClientConfig?: boolean;
  /** Told each connection's upstream when its client answers (clients are asked at first need). */
  readonly onExternalUpstreamAnswer?: (info: ExternalUpstreamInfo) => void;
  /** HTTP timeouts, keep-alive and upload limits; unset ones keep their defaults. */
  readonly httpLimits?: Partial<HttpLimits>;
  /** Told one line per answered request (method, path without the query, status), when set. */
  readonly requestLog?: (line: string) => void;
  /**
   * Recover from journal damage that is not a torn tail by keeping the transactions before it and
   * setting the rest aside (with a report). Without it such damage stops the start.
   */
  readonly recoverJournal?: boolean;
  /**
   * Timeouts and metadata TTL of external fetches fixed for this run (the command line); unset ones
   * come from the data directory's settings, else the defaults (10 s, 5 minutes).
   */
  readonly upstreamPolicy?: Partial<UpstreamPolicy>;
  /** The disk space an upload must leave free, and how free space is measured (see StoreOptions). */
  readonly storage?: Pick<StoreOptions, 'storageReserveBytes' | 'freeSpace' | 'onMigration'>;
}

export interface RunningService {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly accountId: string;
  readonly region: string;
  /** The access key requests must be signed with now (it changes when rotated). */
  readonly credentials: Credentials;
  readonly invoke: Invoke;
  readonly store: Store;
  /** What opening the store replayed, cut or set aside. */
  readonly recovery: RecoveryReport;
  /** Events for the UI: store changes from any front door, server status. */
  readonly events: AppEventHub;
  /** The web console's URL with its token, when the console is served. */
  readonly consoleUrl?: string;
  /** Where the endpoint listens and as which account, as the UI shows it. */
  status(): AppStatus;
  /** Which upstream each external connection uses and where it came from. */
  readonly externalUpstreams: ExternalUpstreamResolver;
  /** Plans and jobs against a remote CodeArtifact; unfinished jobs resume at start. */
  readonly mirror: Mirror;
  /** The upstream timeout and metadata TTL in force, changeable at run time. */
  readonly upstreamTimings: UpstreamTimingsSetting;
  /**
   * Replaces the access key: the HTTP endpoint stops accepting the old one at once, and the new one
   * is kept in the data directory's identity file.
   */
  rotateCredentials(): Credentials;
  /**
   * Fetches everything a project file lists through a repository's upstreams into the store
   * (offline-kit/run-offline-kit.ts); progress also goes to the UI as `job-progress` events.
   */
  offlineKit(
    request: OfflineKitRequest,
    onProgress?: (progress: KitProgress) => void,
  ): Promise<OfflineKitReport>;
  /**
   * Seeds a repository from this computer's npm cache, local Maven repository and pip cache
   * (offline-kit/run-seed.ts); progress also goes to the UI as `job-progress` events.
   */
  readonly seed: SeedRunner;
  /**
   * Writes a consistent backup of the running data directory to `destination` (a new or empty
   * folder) while requests go on; reported as a job to the UI and to `onProgress`.
   */
  backup(destination: string, onProgress?: JobProgress): Promise<BackupReport>;
  /**
   * Checks every stored file while requests go on (the `verify` command's engine), as a job with
   * file and byte progress; one runs at a time, and asking again joins the one running.
   */
  verifyStore(onProgress?: JobProgress): Promise<VerifyStoreResult>;
  /** Fetches damaged or missing files again from their upstreams (as `verify --repair`), as a job. */
  repairBlobs(blobs: readonly { domain: string; sha256: string }[]): Promise<RepairBlobsResult>;
  /** Purges trash entries past the retention in the background; `now()` purges at once. */
  readonly trashPurger: TrashPurger;
  /** Stops accepting requests, checkpoints the store and releases the data directory. */
  stop(): Promise<void>;
}

export const defaultHost = '127.0.0.1';
export const defaultPort = 5484;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startService(config: ServiceConfig): Promise<RunningService> {
  const dataDir = resolve(config.dataDir);
  const host = config.host ?? defaultHost;
  mkdirSync(dataDir, { recursive: true });
  const rawStore = await openStore({
    dataDir,
    migrations,
    ...(config.recoverJournal ? { journalDamage: 'keep-prefix' as const } : {}),
    ...config.storage,
  });
  const events = createAppEventHub();
  const changes = observeStoreChanges(rawStore, events);
  const store = changes.store;
  let consoleRoutes: ConsoleRoutes | undefined;
  try {
    const identity = loadIdentity(dataDir, config);
    let credentials = identity.credentials;
    let url = '';
    // No client is asked before the service listens: an answer is checked against its own URL.
    let listening!: () => void;
    const externalUpstreams = createExternalUpstreams({
      settings: config.externalUpstreams,
      serviceUrl: () => url,
      useClientConfig: config.useClientConfig,
      askAfter: new Promise<void>((resolve) => (listening = resolve)),
      ...(config.onExternalUpstreamAnswer ? { onAnswer: config.onExternalUpstreamAnswer } : {}),
    });
    const upstreamTimings = createUpstreamTimingsSetting(store, config.upstreamPolicy);
    // A download that finds its blob damaged or missing fetches it again through here first.
    const ctx: EngineContext = {
      ...createEngineContext(store, {
        accountId: identity.accountId,
        region: identity.region,
        endpointUrl: () => url,
      }),
      repairBlob: (domain, sha256) => repairBlob(domain, sha256),
    };
    const repairBlob = createBlobRepairer(ctx, {
      upstream: (connection) => externalUpstreams.upstream(connection),
      get policy() {
        return upstreamTimings.policy();
      },
    });
    const invoke = createInvoker(ctx);
    const mirror = createMirror({
      ctx,
      invoke,
      onProgress: (job) => events.emit({ type: 'mirror-progress', job }),
    });
    const status = (): AppStatus => {
      // Whoever shows the status wants to know where connections fetch from: ask the clients now.
      void externalUpstreams.settled;
      return statusNow();
    };
    const statusNow = (): AppStatus => ({
      endpoint: url,
      accountId: identity.accountId,
      region: identity.region,
      dataDir,
      externalUpstreams: externalUpstreams.describe(),
      upstreamTimings: upstreamTimings.describe(),
    });
    const rotateCredentials = (): Credentials => {
      credentials = rotateStoredCredentials(dataDir).credentials;
      return credentials;
    };
    const offlineKit = offlineKitJob({ ctx, invoke }, events);
    const seed = seedJob(ctx, events);
    const backup = (destination: string, onProgress?: JobProgress): Promise<BackupReport> =>
      runServiceJob(
        events,
        `Backup to ${destination}`,
        (progress) => createBackup(rawStore, destination, progress),
        onProgress,
      );
    let verifying: Promise<VerifyStoreResult> | undefined;
    const verify = (onProgress?: JobProgress): Promise<VerifyStoreResult> =>
      (verifying ??= runServiceJob(
        events,
        verifyJobTitle,
        async (progress) => {
          const report = await verifyStore(ctx, (done, total, bytesDone, bytesTotal) =>
            progress(done, total, { bytesDone, bytesTotal }),
          );
          return {
            checked: report.checked,
            intact: report.intact,
            bytes: report.bytes,
            findings: report.findings.map((finding) => ({
              ...finding,
              repairable: finding.kind !== 'orphaned' && canRefetch(ctx, finding.domain, finding.sha256),
            })),
          };
        },
        onProgress,
      ).finally(() => (verifying = undefined)));
    const repairBlobs = async (
      blobs: readonly { domain: string; sha256: string }[],
    ): Promise<RepairBlobsResult> => ({
      outcomes: (
        await runServiceJob(events, 'Repair from upstreams', (progress) =>
          repairFindings(
            repairBlob,
            blobs.map((blob) => ({ ...blob, kind: 'damaged' })),
            progress,
          ),
        )
      ).map(({ domain, sha256, repaired, detail }) => ({ domain, sha256, repaired, detail })),
    });
    // Commands run from a terminal (`artifact-desk backup`) reach this service through here.
    const controlToken = newControlToken();
    const controlRoute = createControlRoute(controlToken, {
      backup: (input, progress) => {
        if (typeof input['destination'] !== 'string' || input['destination'] === '') {
          throw new Error('backup needs a destination folder');
        }
        return backup(input['destination'], progress);
      },
    });
    if (config.console) {
      const dispatch = createUiDispatch({
        invoke,
        app: createAppOperations({
          status: () => ({ ...status(), mode: 'console' }),
          credentials: () => credentials,
          rotateCredentials,
          upstreamTimings,
          trashPurger: () => trashPurger,
          engine: ctx,
          offlineKit,
          seed,
          mirror,
          backup: (destination) => backup(destination),
          verifyStore: () => verify(),
          repairBlobs,
        }),
      });
      consoleRoutes = createConsoleRoutes({
        token: config.console.token,
        rendererDir: config.console.rendererDir,
        dispatch,
        invoke,
        events,
        endpoint: () => url,
        log: (message, error) => console.error(`[console] ${message}`, error ?? ''),
      });
    }
    const http = createHttpServer({
      invoke,
      // A lookup rather than a list, so a rotated key takes effect on the next request.
      credentials: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? credentials : undefined),
      region: identity.region,
      limits: config.httpLimits,
      requestLog: config.requestLog,
      allowedHosts: loopbackHosts.has(host) || host === '0.0.0.0' || host === '::' ? [] : [host],
      handlers: [
        createFormatRouter(ctx, formatHandlers, {
          externalUpstream: (connection) => externalUpstreams.upstream(connection),
          upstreamPolicy: () => upstreamTimings.policy(),
        }),
        ...(consoleRoutes?.handlers ?? []),
        controlRoute,
      ],
    });
    url = (await http.listen(config.port ?? defaultPort, host)).url;
    writeControlFile(dataDir, { pid: process.pid, url, token: controlToken });
    listening();
    const port = Number(new URL(url).port);
    events.emit({ type: 'server-status', state: 'running', endpoint: url });
    // Blob files a crash left without metadata (or metadata without files to delete) are swept in the
    // background, so start-up does no per-blob work; the sweep takes the same care as any removal.
    const sweepStop = new AbortController();
    mirror.resumeUnfinished();
    const sweeping = sweepOrphanBlobs(rawStore, sweepStop.signal).catch((error: unknown) => {
      if (!sweepStop.signal.aborted) console.error('Sweeping unreferenced blob files failed:', error);
    });
    const trashPurger = startTrashPurger(ctx);
    let stopping: Promise<void> | undefined;
    return {
      url,
      host,
      port,
      dataDir,
      accountId: identity.accountId,
      region: identity.region,
      get credentials() {
        return credentials;
      },
      invoke,
      store,
      recovery: rawStore.recovery,
      events,
      ...(config.console ? { consoleUrl: `${url}/?token=${encodeURIComponent(config.console.token)}` } : {}),
      status,
      externalUpstreams,
      mirror,
      upstreamTimings,
      rotateCredentials,
      offlineKit,
      seed,
      backup,
      verifyStore: verify,
      repairBlobs,
      trashPurger,
      stop: () => {
        stopping ??= (async () => {
          events.emit({ type: 'server-status', state: 'stopping' });
          consoleRoutes?.close();
          changes.stop();
          sweepStop.abort();
          removeControlFile(dataDir);
          try {
            await mirror.stop();
            await trashPurger.stop();
            await http.close();
            await sweeping;
          } finally {
            await rawStore.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    consoleRoutes?.close();
    changes.stop();
    await rawStore.close();
    throw error;
  }
}
