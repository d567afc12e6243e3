/**
 * Pull and push jobs: planned, given the structure they need, then worked through version by version
 * in the background, a few at a time, each version's outcome written to the database as it ends, so
 * a restart resumes where the job stood (versions already done are not touched again, and each copy
 * is idempotent, so none is duplicated). Cancel stops a job for good; stop (shutdown) only pauses it.
 */
import type { EngineContext } from '../engine/context';
import type { Invoke } from '../engine/invoke';
import type {
  MirrorDirection,
  MirrorJobDetail,
  MirrorJobSummary,
  MirrorPlan,
  MirrorRemote,
  MirrorScope,
  VersionPlan,
} from '../../shared/mirror';
import type { PackageRef, Side } from './inventory';
import { carryDistTags, npmPackagesOf } from './dist-tags';
import {
  createJob,
  jobDetail,
  jobItems,
  listJobs,
  revisionMatcher,
  setItemState,
  setJobItems,
  setJobState,
  unfinishedJobs,
  type NewJob,
} from './mirror-records';
import { planMirror } from './mirror-plan';
import { pullVersion } from './pull-version';
import { endpointAccessCache } from './endpoint-requests';
import { pushVersion } from './push-version';
import { connectRemote, RemoteCredentialsError, type RemoteSide } from './remote-api';
import { syncStructure } from './sync-structure';

export interface MirrorOptions {
  readonly ctx: EngineContext;
  readonly invoke: Invoke;
  /** Called whenever a job's counts change. */
  readonly onProgress?: (job: MirrorJobSummary) => void;
  /** Versions copied at once (default 8). */
  readonly concurrency?: number;
  readonly connect?: (remote: MirrorRemote) => RemoteSide;
}

export interface Mirror {
  plan(remote: MirrorRemote, scope: MirrorScope): Promise<MirrorPlan>;
  /** Creates a job and runs it in the background; resolves with its id once it is recorded. */
  start(job: NewJob): number;
  /** Runs (or resumes) a job to its end. */
  run(id: number): Promise<MirrorJobSummary>;
  /** The unfinished job of the same direction, remote and scope, if any (to resume it). */
  findUnfinished(job: NewJob): MirrorJobSummary | undefined;
  cancel(id: number): void;
  /** Resumes every job a previous run left planning or running. */
  resumeUnfinished(): void;
  jobs(): MirrorJobSummary[];
  job(id: number): MirrorJobDetail | undefined;
  /** Pauses running jobs (they resume at the next start) and waits for them to settle. */
  stop(): Promise<void>;
}

function wanted(direction: MirrorDirection, overwrite: boolean, version: VersionPlan): boolean {
  if (version.comparison === 'conflicting') return overwrite;
  return version.comparison === (direction === 'pull' ? 'only-remote' : 'only-local');
}

export function createMirror(options: MirrorOptions): Mirror {
  const { ctx } = options;
  const connect = options.connect ?? connectRemote;
  const concurrency = options.concurrency ?? 8;
  const running = new Map<number, { abort: AbortController; done: Promise<MirrorJobSummary> }>();
  const now = () => ctx.now().getTime();
  const localSide = (domain: string): Side => ({ call: options.invoke, domain });
  const remoteSide = (remote: MirrorRemote, side: RemoteSide): Side => ({
    call: side.call,
    domain: remote.domain,
    ...(remote.domainOwner ? { domainOwner: remote.domainOwner } : {}),
  });

  async function plan(remote: MirrorRemote, scope: MirrorScope, side?: RemoteSide) {
    const connection = side ?? connect(remote);
    try {
      return await planMirror(
        remote.domain,
        localSide(remote.domain),
        remoteSide(remote, connection),
        scope,
        revisionMatcher(ctx.store, remote),
      );
    } finally {
      if (!side) connection.destroy();
    }
  }

  const summary = (id: number): MirrorJobSummary => {
    const { items: _items, ...rest } = jobDetail(ctx.store, id)!;
    return rest;
  };

  async function work(id: number, signal: AbortSignal): Promise<MirrorJobSummary> {
    const job = summary(id);
    const connection = connect(job.remote);
    const remote = remoteSide(job.remote, connection);
    const local = localSide(job.remote.domain);
    let planned: readonly PackageRef[] | undefined;
    try {
      if (job.state === 'planning') {
        const compared = await plan(job.remote, job.scope, connection);
        planned = compared.plan.versions;
        const [from, to, receiverInventory, receiverHasDomain] =
          job.direction === 'pull'
            ? [compared.remote, local, compared.local, compared.plan.domainOnLocal]
            : [compared.local, remote, compared.remote, compared.plan.domainOnRemote];
        const notes = await syncStructure(compared.plan, from, to, receiverInventory, receiverHasDomain);
        const items = compared.plan.versions.filter((v) => wanted(job.direction, job.overwrite, v));
        setJobItems(ctx.store, id, items, now());
        if (notes.length > 0) setJobState(ctx.store, id, 'running', now(), notes.join('; '));
        await ctx.store.flush();
      }
      const pending = jobItems(ctx.store, id).filter((item) => item.state === 'pending');
      let progress = summary(id);
      options.onProgress?.(progress);
      const access = endpointAccessCache(remote);
      let fatal: unknown;
      const queue = [...pending];
      const worker = async () => {
        for (let item = queue.shift(); item && !signal.aborted && !fatal; item = queue.shift()) {
          try {
            const outcome =
              job.direction === 'pull'
                ? await pullVersion(ctx, local, remote, job.remote, item, job.overwrite, access, signal)
                : await pushVersion(ctx, local, remote, job.remote, item, job.overwrite, access, signal);
            setItemState(ctx.store, id, item.position, outcome.state, outcome.message, now());
            progress = {
              ...progress,
              done: progress.done + (outcome.state === 'done' ? 1 : 0),
              skipped: progress.skipped + (outcome.state === 'skipped' ? 1 : 0),
              bytesDone: progress.bytesDone + (outcome.state === 'done' ? item.bytes : 0),
            };
          } catch (error) {
            if (signal.aborted) return;
            if (error instanceof RemoteCredentialsError) {
              fatal = error;
              return;
            }
            setItemState(ctx.store, id, item.position, 'failed', (error as Error).message, now());
            progress = { ...progress, failed: progress.failed + 1 };
          }
          options.onProgress?.(progress);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));
      if (fatal) throw fatal;
      if (signal.aborted) return summary(id);
      const items = jobItems(ctx.store, id);
      const failed = items.filter((item) => item.state === 'failed').length;
      // A resumed job no longer has its plan: the packages of its versions stand for it.
      const tags = await carryDistTags(
        ctx,
        local,
        job.direction,
        npmPackagesOf(planned ?? items),
        access,
        signal,
      );
      const note = summary(id).message;
      setJobState(
        ctx.store,
        id,
        'done',
        now(),
        [
          note,
          failed > 0 ? `${failed} version(s) failed` : undefined,
          tags.set > 0 ? `${tags.set} npm dist-tag(s) set` : undefined,
          tags.leftOut.length > 0 ? `npm dist-tags left out: ${tags.leftOut.join(', ')}` : undefined,
        ]
          .filter(Boolean)
          .join('; ') || undefined,
      );
      await ctx.store.flush();
    } catch (error) {
      if (!signal.aborted) {
        setJobState(ctx.store, id, 'failed', now(), (error as Error).message);
        await ctx.store.flush();
      }
    } finally {
      connection.destroy();
    }
    const final = summary(id);
    options.onProgress?.(final);
    return final;
  }

  function run(id: number): Promise<MirrorJobSummary> {
    const active = running.get(id);
    if (active) return active.done;
    const abort = new AbortController();
    const done = work(id, abort.signal).finally(() => running.delete(id));
    running.set(id, { abort, done });
    return done;
  }

  const sameJob = (a: MirrorJobSummary, b: NewJob) =>
    a.direction === b.direction &&
    a.overwrite === b.overwrite &&
    JSON.stringify(a.remote) === JSON.stringify(b.remote) &&
    JSON.stringify(a.scope) === JSON.stringify(b.scope);

  return {
    plan: async (remote, scope) => (await plan(remote, scope)).plan,
    start(job) {
      const id = createJob(ctx.store, job, now());
      void run(id).catch((error: unknown) => console.error(`Mirror job ${id} failed:`, error));
      return id;
    },
    run,
    findUnfinished: (job) => unfinishedJobs(ctx.store).find((found) => sameJob(found, job)),
    cancel(id) {
      const active = running.get(id);
      setJobState(ctx.store, id, 'cancelled', now(), 'cancelled by the user');
      active?.abort.abort();
      options.onProgress?.(summary(id));
    },
    resumeUnfinished() {
      for (const job of unfinishedJobs(ctx.store)) {
        void run(job.id).catch((error: unknown) => console.error(`Mirror job ${job.id} failed:`, error));
      }
    },
    jobs: () => listJobs(ctx.store),
    job: (id) => jobDetail(ctx.store, id),
    async stop() {
      for (const active of running.values()) active.abort.abort();
      await Promise.allSettled([...running.values()].map((active) => active.done));
    },
  };
}

export { createJob };
