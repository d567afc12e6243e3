/**
 * The `app.*` operations: facts about the local service (status, credentials), rotating its access
 * key, saving an asset through a native dialog, and reading an npm package's dist-tags straight from
 * the engine (the CodeArtifact API has no operation for them). Both the desktop bridge and the web
 * console run them; each front door supplies what it can (the console has no save dialog).
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';
import { isAbsolute } from 'node:path';
import type {
  AppOperationName,
  AppOperations,
  BackupResult,
  LocalCredentials,
  RepairBlobsResult,
  RestoreResult,
  SaveAssetResult,
  VerifyStoreResult,
} from '../../shared/app-operations';
import type { AppStatus } from '../../shared/app-status';
import type { EngineContext } from '../engine/context';
import { ResourceNotFoundException, ValidationException } from '../engine/errors';
import { BackupError } from '../backup/backup-files';
import { listDamagedAssets } from '../engine/assets/blob-damage';
import { listDistTags } from '../engine/packages/dist-tags';
import { readPackageFacts } from '../engine/packages/package-facts';
import { listPackagesWithLatest } from '../engine/packages/list-packages-with-latest';
import { listActivity } from '../engine/activity/list-activity';
import { readStorageUsage } from '../engine/activity/storage-usage';
import { searchPackages } from '../engine/packages/search-packages';
import { resolveClientLatest } from '../engine/upstreams/client-latest';
import { traceResolution } from '../engine/upstreams/resolution-trace';
import { diffRepositories, promoteVersions } from '../engine/package-versions/repository-diff';
import { servedFormats } from '../http/formats';
import type { Mirror } from '../mirror/mirror-jobs';
import { offlineKitJobs as newOfflineKitJobs, type OfflineKitRunner } from '../offline-kit/offline-kit-job';
import { checkKitFile } from '../offline-kit/run-offline-kit';
import { seedJobs as newSeedJobs, type SeedRunner } from '../offline-kit/run-seed';
import type { UpstreamTimingsSetting } from '../external/upstream-timings-setting';
import type { TrashPurger } from '../engine/trash/trash-purger';
import { operationScope, requestScope } from '../engine/activity/activity-scope';
import { actingAs } from '../engine/activity/recording-store';
import { listTrash, purgeTrashed, restoreTrashed } from '../engine/trash/version-trash';
import { readTrashRetentionDays, writeTrashRetentionDays } from '../engine/trash/trash-retention';

export interface AppOperationDeps {
  status(): AppStatus;
  credentials(): LocalCredentials;
  /** Replaces the access key everywhere it is checked and kept; returns the new one. */
  rotateCredentials(): LocalCredentials | Promise<LocalCredentials>;
  /** Absent where there is no native dialog (the web console). */
  saveAsset?: (input: GetPackageVersionAssetRequest, actor?: string) => Promise<SaveAssetResult>;
  /** The upstream timeout and TTL setting of the running service. */
  upstreamTimings?: Pick<UpstreamTimingsSetting, 'update'>;
  /** The running service's trash purger, run at once after the retention changes. */
  trashPurger?: () => Pick<TrashPurger, 'now'>;
  /** The running engine, for the reads the API model has no operation for (dist-tags). */
  engine?: EngineContext;
  /** Makes an offline kit through the running service's endpoint. */
  offlineKit?: OfflineKitRunner;
  /** Seeds a repository from this computer's caches in the running service. */
  seed?: SeedRunner;
  /** Plans and jobs against a remote CodeArtifact, where the service runs. */
  mirror?: Mirror;
  /** A backup of the running data directory into a new or empty folder. */
  backup?: (destination: string) => Promise<BackupResult>;
  /** Absent where the service cannot be stopped and restarted from the UI (the web console). */
  restore?: (source: string) => Promise<RestoreResult>;
  /** A verify of every stored file of the running service, as a job. */
  verifyStore?: () => Promise<VerifyStoreResult>;
  /** Fetches damaged or missing files again from their upstreams, as a job. */
  repairBlobs?: (blobs: readonly { domain: string; sha256: string }[]) => Promise<RepairBlobsResult>;
}

export type AppOperationHandlers = {
  readonly [O in AppOperationName]: (
    input: AppOperations[O]['input'],
    /** The door the call came through (`desktop app`, `web console`); its writes record it. */
    actor?: string,
  ) => Promise<AppOperations[O]['output']>;
};

function mirrorOf(deps: AppOperationDeps): Mirror {
  if (!deps.mirror)
    throw new ValidationException('The mirror is not available: the service is not running.', 'OTHER');
  return deps.mirror;
}

export function createAppOperations(deps: AppOperationDeps): AppOperationHandlers {
  /**
   * The engine as `actor` sees it: its writes record the actor and `recorded` (the operation the
   * activity timeline names, `request` unless given); with neither, the engine's background view.
   */
  const engine = (operation: string, actor: string | undefined, recorded?: string): EngineContext => {
    if (!deps.engine) {
      throw new ValidationException(`${operation} is not available: no engine is attached.`, 'OTHER');
    }
    if (recorded !== undefined) return actingAs(deps.engine, operationScope(recorded, actor));
    return actor === undefined ? deps.engine : actingAs(deps.engine, requestScope(actor));
  };
  let kitJobs: ReturnType<typeof newOfflineKitJobs> | undefined;
  const offlineKitJobs = (): ReturnType<typeof newOfflineKitJobs> => {
    if (!deps.offlineKit)
      throw new ValidationException('Offline kits are not available: the service is not running.', 'OTHER');
    kitJobs ??= newOfflineKitJobs(deps.offlineKit);
    return kitJobs;
  };
  let seeds: ReturnType<typeof newSeedJobs> | undefined;
  const seedJobs = (): ReturnType<typeof newSeedJobs> => {
    if (!deps.seed)
      throw new ValidationException('Seeding is not available: the service is not running.', 'OTHER');
    seeds ??= newSeedJobs(deps.seed);
    return seeds;
  };
  return {
    'app.status': async () => deps.status(),
    'app.credentials': async () => {
      const { accessKeyId, secretAccessKey } = deps.credentials();
      return { accessKeyId, secretAccessKey };
    },
    'app.rotateCredentials': async () => {
      const { accessKeyId, secretAccessKey } = await deps.rotateCredentials();
      return { accessKeyId, secretAccessKey };
    },
    'app.saveAsset': async (input, actor) => {
      if (!deps.saveAsset) {
        throw new ValidationException(
          'app.saveAsset needs the desktop app; the web console downloads assets from /console/asset.',
          'OTHER',
        );
      }
      return deps.saveAsset(input, actor);
    },
    // The engine checks every name and the format (npm only), as for an API request.
    'app.listDistTags': async (input, actor) => listDistTags(engine('app.listDistTags', actor), input),
    'app.clientLatest': async (input, actor) => resolveClientLatest(engine('app.clientLatest', actor), input),
    'app.packageFacts': async (input, actor) => readPackageFacts(engine('app.packageFacts', actor), input),
    'app.listPackagesWithLatest': async (input, actor) =>
      listPackagesWithLatest(engine('app.listPackagesWithLatest', actor), input),
    'app.servedFormats': async () => [...servedFormats],
    'app.resolutionTrace': async (input, actor) =>
      traceResolution(engine('app.resolutionTrace', actor), input),
    'app.diffRepositories': async (input, actor) =>
      diffRepositories(engine('app.diffRepositories', actor), input),
    'app.promoteVersions': async (input, actor) => {
      const ctx = engine('app.promoteVersions', actor);
      const result = await promoteVersions(ctx, input);
      await ctx.store.flush();
      return result;
    },
    'app.offlineKit': async (input) => {
      if (!deps.offlineKit) {
        throw new ValidationException(
          'app.offlineKit is not available: the service is not running.',
          'OTHER',
        );
      }
      return deps.offlineKit(input);
    },
    'app.offlineKitStart': async (input) => {
      checkKitFile(input);
      return offlineKitJobs().start(input);
    },
    'app.offlineKitJob': async (input) => {
      const job = offlineKitJobs().get(input.jobId);
      if (!job)
        throw new ResourceNotFoundException(`Offline kit job ${input.jobId} does not exist.`, input.jobId);
      return job;
    },
    'app.seedStart': async (input) => seedJobs().start(input),
    'app.seedJob': async (input) => {
      const job = seedJobs().get(input.jobId);
      if (!job) throw new ResourceNotFoundException(`Seed job ${input.jobId} does not exist.`, input.jobId);
      return job;
    },
    'app.searchPackages': async (input, actor) => searchPackages(engine('app.searchPackages', actor), input),
    'app.listActivity': async (input, actor) => listActivity(engine('app.listActivity', actor), input),
    'app.storageUsage': async (input, actor) => readStorageUsage(engine('app.storageUsage', actor), input),
    'app.mirrorPlan': async (input) => mirrorOf(deps).plan(input.remote, input.scope),
    'app.mirrorStart': async (input) => {
      const mirror = mirrorOf(deps);
      const id = mirror.start({
        direction: input.direction,
        remote: input.remote,
        scope: input.scope,
        overwrite: input.overwrite,
      });
      return mirror.job(id)!;
    },
    'app.mirrorJobs': async () => mirrorOf(deps).jobs(),
    'app.mirrorJob': async ({ id }) => {
      const job = mirrorOf(deps).job(id);
      if (!job) throw new ResourceNotFoundException(`Mirror job ${id} does not exist.`);
      return job;
    },
    'app.mirrorCancel': async ({ id }) => {
      const mirror = mirrorOf(deps);
      if (!mirror.job(id)) throw new ResourceNotFoundException(`Mirror job ${id} does not exist.`);
      mirror.cancel(id);
      return mirror.job(id)!;
    },
    'app.backup': async (input) => {
      if (!deps.backup) throw new ValidationException('app.backup is not available here.', 'OTHER');
      return deps.backup(folderPath(input?.destination, 'destination')).catch(refusal);
    },
    'app.restore': async (input) => {
      if (!deps.restore) {
        throw new ValidationException(
          'Restoring replaces the data the service runs on: stop the service and run `artifact-desk restore BACKUP --data-dir DIR`.',
          'OTHER',
        );
      }
      return deps.restore(folderPath(input?.source, 'source')).catch(refusal);
    },
    'app.verifyStore': async () => {
      if (!deps.verifyStore) throw new ValidationException('app.verifyStore is not available here.', 'OTHER');
      return deps.verifyStore();
    },
    'app.repairBlobs': async (input) => {
      if (!deps.repairBlobs) throw new ValidationException('app.repairBlobs is not available here.', 'OTHER');
      return deps.repairBlobs(blobList(input?.blobs));
    },
    'app.listDamagedAssets': async (input, actor) => {
      const matches = (value: string, wanted: string | undefined) => wanted === undefined || value === wanted;
      return engine('app.listDamagedAssets', actor)
        .store.read((db) => listDamagedAssets(db, input.domain))
        .filter(
          (entry) =>
            matches(entry.repository, input.repository) &&
            matches(entry.format, input.format) &&
            matches(entry.namespace, input.namespace ?? (input.package !== undefined ? '' : undefined)) &&
            matches(entry.package, input.package) &&
            matches(entry.version, input.packageVersion),
        )
        .map(({ namespace, ...entry }) => (namespace === '' ? entry : { ...entry, namespace }));
    },
    'app.listTrash': async (input, actor) => listTrash(engine('app.listTrash', actor), input),
    // The activity timeline names these operations for the versions they bring back or purge.
    'app.restoreTrash': async (input, actor) =>
      restoreTrashed(engine('app.restoreTrash', actor, 'app.restoreTrash'), input),
    'app.purgeTrash': async (input, actor) =>
      purgeTrashed(engine('app.purgeTrash', actor, 'app.purgeTrash'), input),
    'app.trashSettings': async (_input, actor) => ({
      retentionDays: engine('app.trashSettings', actor).store.read(readTrashRetentionDays),
    }),
    'app.setTrashSettings': async (input, actor) => {
      const ctx = engine('app.setTrashSettings', actor);
      const retentionDays = ctx.store.write((db) =>
        writeTrashRetentionDays(db, (input as { retentionDays?: unknown } | null)?.retentionDays),
      );
      await ctx.store.flush();
      // A shorter retention (or none) takes effect now, not at the next hourly purge.
      await deps.trashPurger?.().now();
      return { retentionDays };
    },
    'app.setUpstreamTimings': async (input) => {
      if (!deps.upstreamTimings)
        throw new ValidationException(
          'app.setUpstreamTimings is not available: no service is attached.',
          'OTHER',
        );
      if (typeof input !== 'object' || input === null)
        throw new ValidationException('app.setUpstreamTimings takes an object of timings in seconds.');
      return deps.upstreamTimings.update(input);
    },
  };
}

/** A backup or restore refused for a reason the user can act on is a 400 with that reason. */
function refusal(error: unknown): never {
  if (error instanceof BackupError) throw new ValidationException(error.message, 'OTHER');
  throw error;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/** The files a repair is asked for: 1–1000 of `{ domain, sha256 }` with a lower-case SHA-256. */
function blobList(value: unknown): { domain: string; sha256: string }[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) {
    throw new ValidationException('blobs must list 1 to 1000 files as { domain, sha256 }.');
  }
  return value.map((entry: unknown, index) => {
    const { domain, sha256 } = (entry ?? {}) as { domain?: unknown; sha256?: unknown };
    if (
      typeof domain !== 'string' ||
      domain === '' ||
      typeof sha256 !== 'string' ||
      !sha256Pattern.test(sha256)
    ) {
      throw new ValidationException(
        `blobs[${index}] must name a domain and a SHA-256 of 64 lower-case hexadecimal digits.`,
      );
    }
    return { domain, sha256 };
  });
}

/** A folder named by the UI: an absolute path, so it never depends on where the service runs from. */
function folderPath(value: unknown, member: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationException(`${member} must name a folder.`);
  }
  const trimmed = value.trim();
  if (!isAbsolute(trimmed)) {
    throw new ValidationException(`${member} must be an absolute path, got '${trimmed}'.`);
  }
  return trimmed;
}
