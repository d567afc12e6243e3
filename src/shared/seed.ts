/**
 * Seeding a repository from what is already on this computer: the npm cache (`_cacache`), the local
 * Maven repository (`~/.m2/repository`) and pip's cache. Every package found is published into the
 * chosen repository as a local version; nothing is fetched from anywhere.
 */

/** The caches a seed can read. */
export type SeedSourceKind = 'npm' | 'maven' | 'pypi';

export const seedSourceKinds: readonly SeedSourceKind[] = ['npm', 'maven', 'pypi'];

export interface SeedRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  readonly repository: string;
  /** Which caches to read (default all three). */
  readonly sources?: readonly SeedSourceKind[];
  /** The npm cache folder (the one holding `_cacache`, or `_cacache` itself); default: npm's `cache` setting. */
  readonly npmCache?: string;
  /** The local Maven repository; default: settings.xml's localRepository, else `~/.m2/repository`. */
  readonly mavenRepository?: string;
  /** pip's cache folder; default: what `pip cache dir` answers, else `~/.cache/pip`. */
  readonly pipCache?: string;
}

/**
 * `imported`: published into the repository now; `present`: the repository already held the same
 * files; `skipped`: not imported, with the reason (damaged, unreadable, a conflicting version).
 */
export type SeedOutcome = 'imported' | 'present' | 'skipped';

export const seedOutcomes: readonly SeedOutcome[] = ['imported', 'present', 'skipped'];

export interface SeedEntry {
  readonly format: SeedSourceKind;
  /** The package as its format names it, or the cache file when it could not be read. */
  readonly name: string;
  readonly version: string;
  readonly outcome: SeedOutcome;
  /** The asset names imported or found present. */
  readonly files: readonly string[];
  readonly detail?: string;
}

export interface SeedSourceReport {
  readonly kind: SeedSourceKind;
  /** The folder read, or undefined when it could not be found. */
  readonly path?: string;
  /** Why the source was not read (no such folder). */
  readonly problem?: string;
}

export interface SeedReport {
  readonly domain: string;
  readonly repository: string;
  readonly sources: readonly SeedSourceReport[];
  readonly entries: readonly SeedEntry[];
  readonly counts: Readonly<Record<SeedOutcome, number>>;
  readonly durationMs: number;
}

export interface SeedProgress {
  readonly done: number;
  readonly total: number;
  /** The entry just finished. */
  readonly current?: string;
}

/** A seed run in the background of the running service (app.seedStart / app.seedJob). */
export interface SeedJob {
  readonly jobId: string;
  readonly domain: string;
  readonly repository: string;
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly progress: SeedProgress;
  readonly report?: SeedReport;
  readonly error?: { readonly name: string; readonly message: string };
}
