/**
 * Seeds a repository from the caches on this computer: finds each cache the request names (the
 * user's own client settings when no path is given), imports what it holds and reports per version
 * what was imported, already present or skipped and why. Nothing is fetched: caches are only read.
 * The job form emits `job-progress` events and keeps the last jobs for the UI, as kits do.
 */
import { randomUUID } from 'node:crypto';
import {
  seedOutcomes,
  seedSourceKinds,
  type SeedEntry,
  type SeedJob,
  type SeedOutcome,
  type SeedProgress,
  type SeedReport,
  type SeedRequest,
  type SeedSourceKind,
  type SeedSourceReport,
} from '../../shared/seed';
import type { EngineContext } from '../engine/context';
import { ValidationException } from '../engine/errors';
import { repositoryNames, requireTarget } from '../engine/packages/package-target';
import type { AppEventHub } from '../service/app-event-hub';
import { BackgroundJobs } from '../service/background-jobs';
import type { ClientConfigSources } from '../external/client-config';
import { isFolder, mavenRepositoryFolder, npmCacheFolder, pipCacheFolder } from './seed-locations';
import { seedMavenRepository } from './seed-maven-repository';
import { seedNpmCache } from './seed-npm-cache';
import { seedPipCache } from './seed-pip-cache';
import { SeedCounter, type SeedProgressSink, type SeedTarget } from './seed-work';

type Seeder = (
  ctx: EngineContext,
  target: SeedTarget,
  path: string,
  progress: SeedCounter,
) => Promise<SeedEntry[]>;

const seeders: Record<SeedSourceKind, Seeder> = {
  npm: seedNpmCache,
  maven: seedMavenRepository,
  pypi: seedPipCache,
};

async function folderOf(
  kind: SeedSourceKind,
  request: SeedRequest,
  sources: ClientConfigSources,
): Promise<string> {
  switch (kind) {
    case 'npm':
      return npmCacheFolder(request.npmCache, sources);
    case 'maven':
      return mavenRepositoryFolder(request.mavenRepository, sources);
    case 'pypi':
      return pipCacheFolder(request.pipCache, sources);
  }
}

export async function runSeed(
  ctx: EngineContext,
  request: SeedRequest,
  onProgress?: SeedProgressSink,
  sources: ClientConfigSources = {},
): Promise<SeedReport> {
  const started = Date.now();
  const kinds = request.sources ?? seedSourceKinds;
  for (const kind of kinds) {
    if (!seedSourceKinds.includes(kind))
      throw new ValidationException(
        `'${String(kind)}' is not a cache a seed reads; expected npm, maven or pypi.`,
      );
  }
  const target: SeedTarget = {
    domain: request.domain,
    ...(request.domainOwner !== undefined ? { domainOwner: request.domainOwner } : {}),
    repository: request.repository,
  };
  // An unknown domain or repository fails before any cache is read.
  const names = repositoryNames(ctx, target);
  ctx.store.read((db) => requireTarget(db, names));
  const progress = new SeedCounter(onProgress);
  const reports: SeedSourceReport[] = [];
  const entries: SeedEntry[] = [];
  for (const kind of kinds) {
    const path = await folderOf(kind, request, sources);
    if (!isFolder(path)) {
      reports.push({ kind, path, problem: `${path} is not a folder` });
      continue;
    }
    reports.push({ kind, path });
    entries.push(...(await seeders[kind](ctx, target, path, progress)));
  }
  await ctx.store.flush();
  const counts = Object.fromEntries(seedOutcomes.map((outcome) => [outcome, 0])) as Record<
    SeedOutcome,
    number
  >;
  for (const entry of entries) counts[entry.outcome] += 1;
  return {
    domain: request.domain,
    repository: request.repository,
    sources: reports,
    entries,
    counts,
    durationMs: Date.now() - started,
  };
}

const eventIntervalMs = 100;

export type SeedRunner = (
  request: SeedRequest,
  onProgress?: (progress: SeedProgress) => void,
  jobId?: string,
) => Promise<SeedReport>;

/** The seed as a job of the running service: `job-progress` events at most every 100 ms and at the end. */
export function seedJob(ctx: EngineContext, events: AppEventHub): SeedRunner {
  return async (request, onProgress, jobId = `seed-${randomUUID()}`) => {
    const title = `Seed ${request.domain}/${request.repository} from this computer's caches`;
    let last = 0;
    let latest: SeedProgress = { done: 0, total: 0 };
    const emit = (state: 'running' | 'succeeded' | 'failed', message?: string) =>
      events.emit({
        type: 'job-progress',
        jobId,
        title,
        state,
        done: latest.done,
        total: latest.total,
        ...(message ? { message } : {}),
      });
    emit('running');
    try {
      const report = await runSeed(ctx, request, (progress) => {
        latest = progress;
        onProgress?.(progress);
        const now = Date.now();
        if (now - last >= eventIntervalMs) {
          last = now;
          emit('running', progress.current);
        }
      });
      emit(
        'succeeded',
        `${report.counts.imported} imported, ${report.counts.present} present, ${report.counts.skipped} skipped`,
      );
      return report;
    } catch (error) {
      emit('failed', (error as Error).message);
      throw error;
    }
  };
}

/** Seeds run in the background for the UI, which reads a job's progress and report by id. */
export function seedJobs(run: SeedRunner): BackgroundJobs<SeedRequest, SeedProgress, SeedReport, SeedJob> {
  return new BackgroundJobs(run, {
    newJobId: () => `seed-${randomUUID()}`,
    started: (request, jobId) => ({
      jobId,
      domain: request.domain,
      repository: request.repository,
      state: 'running',
      progress: { done: 0, total: 0 },
    }),
  });
}
