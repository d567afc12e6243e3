/**
 * Jobs the UI starts and then reads by id (offline kits, seeds): `start` answers at once with the
 * running job while the work goes on in the background; its progress, then its report or error,
 * replace the kept job as they arrive. The last 20 finished jobs are kept; running ones always are.
 */

/** What every background job shows: its id, state, progress and, at the end, report or error. */
export interface BackgroundJob<Progress, Report> {
  readonly jobId: string;
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly progress: Progress;
  readonly report?: Report;
  readonly error?: { readonly name: string; readonly message: string };
}

export type BackgroundRunner<Request, Progress, Report> = (
  request: Request,
  onProgress: (progress: Progress) => void,
  jobId: string,
) => Promise<Report>;

export interface BackgroundJobKind<Request, Job, Report> {
  newJobId(): string;
  /** The job as it starts (state running, no progress yet). */
  started(request: Request, jobId: string): Job;
  /** How a finished run ends (a kit with missing packages has failed); succeeded when absent. */
  outcome?(report: Report): 'succeeded' | 'failed';
}

const keptJobs = 20;

export class BackgroundJobs<Request, Progress, Report, Job extends BackgroundJob<Progress, Report>> {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly run: BackgroundRunner<Request, Progress, Report>,
    private readonly kind: BackgroundJobKind<Request, Job, Report>,
  ) {}

  start(request: Request): Job {
    const jobId = this.kind.newJobId();
    const job = this.kind.started(request, jobId);
    this.jobs.set(jobId, job);
    this.forgetOld();
    const update = (next: Partial<BackgroundJob<Progress, Report>>): void => {
      const current = this.jobs.get(jobId);
      if (current) this.jobs.set(jobId, { ...current, ...next });
    };
    this.run(request, (progress) => update({ progress }), jobId).then(
      (report) => update({ state: this.kind.outcome?.(report) ?? 'succeeded', report }),
      (error: unknown) =>
        update({
          state: 'failed',
          error: { name: (error as Error).name, message: (error as Error).message },
        }),
    );
    return job;
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= keptJobs) return;
      if (job.state !== 'running') this.jobs.delete(id);
    }
  }
}
