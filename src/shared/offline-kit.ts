/**
 * An offline kit: a project's lockfile (package-lock.json, npm-shrinkwrap.json, requirements.txt,
 * a Maven pom.xml, Cargo.lock, Gemfile.lock) given to the service, which fetches every artifact it lists through a
 * repository's upstreams into the local store, checks each against the lockfile's hashes, and
 * reports what could not be had. Afterwards the project installs from that repository offline.
 */

/** Which kind of file a kit was made from. */
export type KitSource = 'package-lock' | 'requirements' | 'pom' | 'cargo-lock' | 'gemfile-lock';

export interface OfflineKitRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  /** The repository the project installs from; its upstreams and external connections are asked. */
  readonly repository: string;
  /** The file's name (`package-lock.json`, `requirements.txt`, `pom.xml` …): it decides the kind. */
  readonly fileName: string;
  readonly content: string;
}

/**
 * `fetched`: came from an upstream or external connection now; `cached`: the repository already
 * held it; `missing`: no repository or upstream could give it; `mismatch`: it arrived, but its
 * bytes differ from the lockfile's hash; `skipped`: not a registry artifact (a link, a git or file
 * dependency, a bundled dependency, an unpinned requirement), with the reason.
 */
export type KitOutcome = 'fetched' | 'cached' | 'missing' | 'mismatch' | 'skipped';

export const kitOutcomes: readonly KitOutcome[] = ['fetched', 'cached', 'missing', 'mismatch', 'skipped'];

export interface KitEntry {
  /** The package as its format names it (`@scope/name`, a PyPI project, `group:artifact`, a crate, a gem). */
  readonly name: string;
  readonly version: string;
  readonly outcome: KitOutcome;
  /** The files fetched for it (tarball, wheels, POM and jar). */
  readonly files: readonly string[];
  /**
   * Whether its bytes were checked against a hash the lockfile gives (npm integrity, pip --hash,
   * Cargo.lock checksum, Gemfile.lock CHECKSUMS).
   */
  readonly verified: boolean;
  /** Why it is missing, mismatched or skipped. */
  readonly detail?: string;
}

export interface OfflineKitReport {
  readonly source: KitSource;
  readonly format: 'npm' | 'pypi' | 'maven' | 'cargo' | 'ruby';
  readonly domain: string;
  readonly repository: string;
  readonly entries: readonly KitEntry[];
  readonly counts: Readonly<Record<KitOutcome, number>>;
  /** How many entries had their bytes checked against the lockfile's hash. */
  readonly verified: number;
  readonly durationMs: number;
}

export interface KitProgress {
  readonly done: number;
  /** Grows while a Maven tree is resolved: dependencies are found as their POMs arrive. */
  readonly total: number;
  /** Bytes downloaded from the repository's endpoint so far (metadata and artifacts). */
  readonly bytes: number;
  /** The entry just finished. */
  readonly current?: string;
}

/** A kit run in the background of the running service (app.offlineKitStart / app.offlineKitJob). */
export interface OfflineKitJob {
  readonly jobId: string;
  readonly fileName: string;
  readonly domain: string;
  readonly repository: string;
  /** `succeeded` when everything is stored, `failed` when something is missing or mismatched or the kit stopped. */
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly progress: KitProgress;
  /** The report, once the kit has finished. */
  readonly report?: OfflineKitReport;
  /** Why the kit stopped before it could report (an unreadable file, no such repository). */
  readonly error?: { readonly name: string; readonly message: string };
}

/** Whether the kit left the project installable offline: nothing missing or mismatched. */
export function kitComplete(report: OfflineKitReport): boolean {
  return report.counts.missing === 0 && report.counts.mismatch === 0;
}
