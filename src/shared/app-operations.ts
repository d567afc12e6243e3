/**
 * Everything the UI can ask of the main process: the 48 CodeArtifact operations plus a few `app.*`
 * operations about the local service itself. IPC (desktop) and the console transport (web console
 * served by `serve`) both carry exactly these, wrapped in a result envelope.
 */
import type {
  GetPackageVersionAssetRequest,
  ListPackagesRequest,
  PackageSummary,
} from '@aws-sdk/client-codeartifact';
import type { AppStatus } from './app-status';
import type {
  MirrorDirection,
  MirrorJobDetail,
  MirrorJobSummary,
  MirrorPlan,
  MirrorRemote,
  MirrorScope,
} from './mirror';
import type { OfflineKitJob, OfflineKitReport, OfflineKitRequest } from './offline-kit';
import type { SeedJob, SeedRequest } from './seed';
import type {
  TrashEntriesRequest,
  TrashListing,
  TrashListRequest,
  TrashPurgeResult,
  TrashRestoreResult,
  TrashSettings,
} from './trash';
import type { UpstreamTimings, UpstreamTimingsUpdate } from './upstream-timings';
import type { OperationName, Operations } from './operations';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface AppOperations {
  /** Where the service listens and as which account. */
  'app.status': { input: Record<string, never>; output: AppStatus };
  /** The access key that signs API requests, for the settings screen's "reveal". */
  'app.credentials': { input: Record<string, never>; output: LocalCredentials };
  /** Replaces the access key (the old one stops working at once) and returns the new one. */
  'app.rotateCredentials': { input: Record<string, never>; output: LocalCredentials };
  /**
   * Desktop only: asks where to save an asset (native save dialog) and streams it there. The web
   * console downloads through `GET /console/asset` instead and answers this operation with an error.
   */
  'app.saveAsset': { input: GetPackageVersionAssetRequest; output: SaveAssetResult };
  /**
   * An npm package's dist-tags in one repository (tag → version), as `npm dist-tag ls` shows them.
   * CodeArtifact's API has no operation for them, yet the versions view shows every tag.
   */
  'app.listDistTags': { input: DistTagsRequest; output: Record<string, string> };
  /**
   * What the package's own client would resolve as latest from this repository now (through its
   * upstreams, statuses and origin controls), and the dist-tags that name versions clients cannot see.
   */
  'app.clientLatest': { input: PackageTargetRequest; output: ClientLatest };
  /** A package page's facts the API has no call for: version sizes, "used by", where dependencies live. */
  'app.packageFacts': { input: PackageFactsRequest; output: PackageFacts };
  /**
   * A page of ListPackages (same input, order and tokens) in which each package carries the version
   * its list row shows, so the packages list needs one call per page rather than one per package.
   */
  'app.listPackagesWithLatest': { input: ListPackagesRequest; output: PackageListPage };
  /** The package formats whose client endpoints this service serves (the Connect panel offers these). */
  'app.servedFormats': { input: Record<string, never>; output: readonly string[] };
  /**
   * Assets whose stored file a download or a verify found damaged or missing (each member narrows
   * the list), so the versions view can flag them.
   */
  'app.listDamagedAssets': { input: DamagedAssetsRequest; output: DamagedAssetEntry[] };
  /**
   * Changes the upstream timeout and metadata TTL (seconds; the same rule as `serve`'s flags), keeps
   * them in the data directory for the next start and applies them to the next request.
   */
  'app.setUpstreamTimings': { input: UpstreamTimingsUpdate; output: UpstreamTimings };
  /**
   * Fetches everything a lockfile (package-lock.json, requirements.txt, pom.xml, Cargo.lock,
   * Gemfile.lock) lists through a repository's upstreams into the store; progress arrives as
   * `job-progress` events.
   */
  'app.offlineKit': { input: OfflineKitRequest; output: OfflineKitReport };
  /** Starts an offline kit in the background; its progress and report are read with app.offlineKitJob. */
  'app.offlineKitStart': { input: OfflineKitRequest; output: OfflineKitJob };
  'app.offlineKitJob': { input: { jobId: string }; output: OfflineKitJob };
  /**
   * Starts a seed of a repository from this computer's npm cache, local Maven repository and pip
   * cache in the background; its progress and report are read with app.seedJob.
   */
  'app.seedStart': { input: SeedRequest; output: SeedJob };
  'app.seedJob': { input: { jobId: string }; output: SeedJob };
  /**
   * "Why this version": the repositories asked in order, which one answered, and every version
   * filtered out with the reason (status, origin controls, package group, range, shadowed).
   */
  'app.resolutionTrace': { input: ResolutionTraceRequest; output: ResolutionTrace };
  /** Versions only in one of two repositories, and versions both hold with different assets. */
  'app.diffRepositories': { input: RepositoryDiffRequest; output: RepositoryDiff };
  /** Copies chosen versions (or all only in the source) with CopyPackageVersions; a dry run previews. */
  'app.promoteVersions': { input: PromotionRequest; output: PromotionResult };
  /**
   * Packages of every domain and repository whose name contains the query (case-insensitive), best
   * matches first; the search screen and the command palette use it.
   */
  'app.searchPackages': { input: PackageSearchRequest; output: PackageSearchResult };
  /** A domain's activity, newest first: versions added, status changes, removals, repositories. */
  'app.listActivity': { input: ActivityRequest; output: ActivityPage };
  /** Bytes stored in a domain, and referenced per repository, per format and by the largest packages. */
  'app.storageUsage': { input: StorageUsageRequest; output: StorageUsage };
  /**
   * A consistent backup of the running data directory into a new or empty folder, while requests go
   * on; progress arrives as `job-progress` events.
   */
  'app.backup': { input: BackupRequest; output: BackupResult };
  /**
   * Desktop only: replaces the data directory with a backup's content (the current one is kept
   * beside it, renamed) and restarts the app on it. The web console answers with an error: restoring
   * needs the service stopped (`artifact-desk restore`).
   */
  'app.restore': { input: RestoreRequest; output: RestoreResult };
  /**
   * Checks every stored file of the running service against its SHA-256 and size (the `verify`
   * command's engine) and lists damaged, missing and orphaned files; progress (files and bytes)
   * arrives as `job-progress` events. One verify runs at a time: asking again joins it.
   */
  'app.verifyStore': { input: Record<string, never>; output: VerifyStoreResult };
  /**
   * Fetches damaged or missing files again from the upstream their versions came through (as
   * `verify --repair` does); files only published here cannot be and are reported.
   */
  'app.repairBlobs': { input: RepairBlobsRequest; output: RepairBlobsResult };
  /**
   * The trash of a domain (or one repository, or one package): versions DeletePackageVersions and
   * DeletePackage removed, restorable until they expire; never visible to the CodeArtifact API.
   */
  'app.listTrash': { input: TrashListRequest; output: TrashListing };
  /** Puts trashed versions back as they were; refused (ConflictException) where the version exists again. */
  'app.restoreTrash': { input: TrashEntriesRequest; output: TrashRestoreResult };
  /** Deletes trashed versions for good and releases their files. */
  'app.purgeTrash': { input: TrashEntriesRequest; output: TrashPurgeResult };
  /** How many days deleted versions stay in the trash (0: the trash is off). */
  'app.trashSettings': { input: Record<string, never>; output: TrashSettings };
  /** Changes the retention; entries already past the new one are purged at once. */
  'app.setTrashSettings': { input: TrashSettings; output: TrashSettings };
  /** Compares the local domain with a remote CodeArtifact domain (a dry run). */
  'app.mirrorPlan': { input: MirrorPlanRequest; output: MirrorPlan };
  /** Starts a pull or push job in the background; progress arrives as `mirror-progress` events. */
  'app.mirrorStart': { input: MirrorStartRequest; output: MirrorJobSummary };
  /** The latest mirror jobs, newest first. */
  'app.mirrorJobs': { input: Record<string, never>; output: MirrorJobSummary[] };
  /** One job with the outcome of each version. */
  'app.mirrorJob': { input: { readonly id: number }; output: MirrorJobDetail };
  /** Stops a job for good (versions already copied stay). */
  'app.mirrorCancel': { input: { readonly id: number }; output: MirrorJobSummary };
}

export interface MirrorPlanRequest {
  readonly remote: MirrorRemote;
  readonly scope: MirrorScope;
}

export interface MirrorStartRequest extends MirrorPlanRequest {
  readonly direction: MirrorDirection;
  readonly overwrite: boolean;
}

export interface ActivityRequest {
  readonly domain: string;
  /** Only events of this repository. */
  readonly repository?: string;
  /** Only events of packages whose name (or `namespace/name`) contains this, case-insensitively. */
  readonly package?: string;
  /** 1–500; 100 when absent. */
  readonly maxResults?: number;
  /** From a previous page. */
  readonly nextToken?: string;
}

/**
 * What happened: `publish`, `copy` (CopyPackageVersions), `fetch` (a version came in through an
 * upstream repository or an external connection), `status` (from → to), `delete` (a version),
 * `package-delete`, `repository-create`, `repository-delete`.
 */
export type ActivityKind =
  | 'publish'
  | 'copy'
  | 'fetch'
  | 'status'
  | 'delete'
  | 'package-delete'
  | 'repository-create'
  | 'repository-delete';

export interface ActivityEvent {
  readonly id: number;
  /** Epoch milliseconds. */
  readonly time: number;
  /** Who: `CodeArtifact API`, `npm client`, `web console`, `desktop app`, … */
  readonly actor: string;
  /** The operation (or client request) that made the change. */
  readonly operation: string;
  readonly kind: ActivityKind;
  readonly repository: string;
  readonly format?: string;
  readonly namespace?: string;
  readonly package?: string;
  readonly version?: string;
  readonly fromStatus?: string;
  readonly toStatus?: string;
  /** Where a fetched or copied version came from: a repository or an external connection. */
  readonly origin?: string;
}

export interface ActivityPage {
  readonly events: readonly ActivityEvent[];
  readonly nextToken?: string;
}

export interface StorageUsageRequest {
  readonly domain: string;
}

export interface StorageUsage {
  /** Bytes of the domain's files, each stored once however many repositories hold it. */
  readonly domainBytes: number;
  /** Bytes each repository's versions reference (a file shared by two repositories counts in both). */
  readonly repositories: readonly {
    readonly repository: string;
    readonly bytes: number;
    readonly versions: number;
  }[];
  /** Bytes per package format across the domain (each file once per format). */
  readonly formats: readonly { readonly format: string; readonly bytes: number }[];
  /** The largest packages (by the bytes their versions reference), at most 10. */
  readonly packages: readonly {
    readonly repository: string;
    readonly format: string;
    readonly namespace?: string;
    readonly package: string;
    readonly bytes: number;
  }[];
}

export interface BackupRequest {
  /** Absolute path of a new or empty folder. */
  readonly destination: string;
}

export interface BlobNotCopiedEntry {
  readonly domain: string;
  readonly sha256: string;
  readonly detail: string;
}

export interface BackupResult {
  readonly destination: string;
  /** The last transaction the backup holds. */
  readonly seq: number;
  readonly blobs: number;
  readonly bytes: number;
  /** Files already damaged or missing, which the backup could not hold. */
  readonly notCopied: readonly BlobNotCopiedEntry[];
}

export interface RestoreRequest {
  /** The backup folder (the one holding artifact-desk-backup.json). */
  readonly source: string;
}

export interface RestoreResult {
  /** Where the data directory as it was before the restore was kept. */
  readonly previousDataKeptAt: string;
  readonly seq: number;
  readonly blobs: number;
  /** The app restarts on the restored data once this answer is delivered. */
  readonly restarting: boolean;
}

/** The title of the service job a verify runs as (its progress events carry it). */
export const verifyJobTitle = 'Verify store';

export interface VerifyFindingEntry {
  readonly domain: string;
  readonly sha256: string;
  readonly kind: 'damaged' | 'missing' | 'orphaned';
  readonly detail: string;
  /** Assets that use the file (`repository/format/package@version/asset`). */
  readonly assets: readonly string[];
  /** An asset using it came through an external connection, so a repair can fetch it again. */
  readonly repairable: boolean;
}

export interface VerifyStoreResult {
  readonly checked: number;
  readonly intact: number;
  /** Bytes read, by the sizes recorded for the files. */
  readonly bytes: number;
  readonly findings: readonly VerifyFindingEntry[];
}

export interface RepairBlobsRequest {
  /** The damaged or missing files to fetch again (1–1000). */
  readonly blobs: readonly { readonly domain: string; readonly sha256: string }[];
}

export interface RepairBlobOutcome {
  readonly domain: string;
  readonly sha256: string;
  readonly repaired: boolean;
  /** Where the good copy came from, or why there is none. */
  readonly detail: string;
}

export interface RepairBlobsResult {
  readonly outcomes: readonly RepairBlobOutcome[];
}

export interface PackageSearchRequest {
  /** Part of a package name (or of `namespace/name`); leading and trailing spaces are ignored. */
  readonly query: string;
  /** Only packages of this format. */
  readonly format?: string;
  /** Only packages of this domain. */
  readonly domain?: string;
  /** 1–200; 50 when absent. */
  readonly maxResults?: number;
}

export interface PackageSearchHit {
  readonly domain: string;
  readonly repository: string;
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  /** Versions the repository holds (any status). */
  readonly versionCount: number;
}

export interface PackageSearchResult {
  readonly packages: readonly PackageSearchHit[];
  /** True when more packages matched than were returned. */
  readonly truncated: boolean;
}

export interface DamagedAssetsRequest {
  readonly domain?: string;
  readonly repository?: string;
  readonly format?: string;
  readonly namespace?: string;
  readonly package?: string;
  readonly packageVersion?: string;
}

export interface DamagedAssetEntry {
  readonly domain: string;
  readonly repository: string;
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly asset: string;
  readonly sha256: string;
  /** `damaged`: the bytes no longer match the digest or size; `missing`: the file is gone. */
  readonly kind: 'damaged' | 'missing';
  readonly detail: string;
  readonly detectedTime: Date;
}

export interface PackageTargetRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  readonly repository: string;
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
}

export interface PackageName {
  readonly namespace?: string;
  readonly package: string;
}

export interface PackageFactsRequest extends PackageTargetRequest {
  /** Dependencies to locate (as a version lists them); at most 500 are looked up. */
  readonly dependencies?: readonly PackageName[];
}

export interface PackageFacts {
  /** Total asset bytes of each version in this repository. */
  readonly sizes: Readonly<Record<string, number>>;
  /** When each version was published (epoch milliseconds); ListPackageVersions does not say. */
  readonly publishedTimes: Readonly<Record<string, number>>;
  /** Packages of this repository with a version that depends on this package. */
  readonly usedBy: readonly PackageName[];
  /**
   * For each requested dependency (same order): the first repository of the search order holding
   * it, with its normalised name, or null when none does.
   */
  readonly dependencies: readonly ((PackageName & { readonly repository: string }) | null)[];
}

export interface HiddenTag {
  readonly tag: string;
  readonly version: string;
  /** The status that hides it from clients (Archived, Unlisted, Disposed, Unfinished). */
  readonly status: string;
}

export interface ClientLatest {
  /** The version the client resolves; absent when the repository lists no version of the package. */
  readonly latest?: string;
  /** How many versions clients can list. */
  readonly listedCount: number;
  /** Dist-tags pointing at versions clients cannot see. */
  readonly hiddenTags: readonly HiddenTag[];
}

/** Only `npm` packages have dist-tags; any other format is refused. */
export type DistTagsRequest = PackageTargetRequest;

export interface PackageListEntry extends PackageSummary {
  /** The default display version, else the newest of any status; null when the package has none. */
  readonly latestVersion: string | null;
}

export interface PackageListPage {
  readonly packages: PackageListEntry[];
  readonly nextToken?: string;
}

export interface SaveAssetResult {
  /** False when the user cancelled the dialog. */
  readonly saved: boolean;
  readonly path?: string;
  readonly size?: number;
}

export const appOperationNames: readonly AppOperationName[] = [
  'app.status',
  'app.credentials',
  'app.rotateCredentials',
  'app.saveAsset',
  'app.listDistTags',
  'app.clientLatest',
  'app.packageFacts',
  'app.listPackagesWithLatest',
  'app.servedFormats',
  'app.listDamagedAssets',
  'app.offlineKit',
  'app.offlineKitStart',
  'app.offlineKitJob',
  'app.seedStart',
  'app.seedJob',
  'app.searchPackages',
  'app.resolutionTrace',
  'app.listActivity',
  'app.storageUsage',
  'app.setUpstreamTimings',
  'app.mirrorPlan',
  'app.mirrorStart',
  'app.mirrorJobs',
  'app.mirrorJob',
  'app.mirrorCancel',
  'app.diffRepositories',
  'app.promoteVersions',
  'app.backup',
  'app.restore',
  'app.verifyStore',
  'app.repairBlobs',
  'app.listTrash',
  'app.restoreTrash',
  'app.purgeTrash',
  'app.trashSettings',
  'app.setTrashSettings',
];

export function isAppOperationName(name: string): name is AppOperationName {
  return (appOperationNames as readonly string[]).includes(name);
}

export type AppOperationName = keyof AppOperations;
export type UiOperations = Operations & AppOperations;
export type UiOperationName = OperationName | AppOperationName;
export type UiInput<O extends UiOperationName> = UiOperations[O]['input'];
export type UiOutput<O extends UiOperationName> = UiOperations[O]['output'];

/** A failure as the UI sees it: the AWS error name and message verbatim, plus the error's fields. */
export interface EnvelopeError {
  readonly name: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Rejected IPC promises lose the error's class, so results travel as envelopes. */
export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EnvelopeError };

/** Envelope error name for an operation name that is neither a CodeArtifact nor an app operation. */
export const unknownOperationError = 'UnknownOperationException';
/** Envelope error name for a call from a frame that is not the app's own page. */
export const untrustedSenderError = 'UntrustedSenderException';

/** The one IPC channel every operation travels on. */
export const operationChannel = 'artifact-desk:operation';
/** The one IPC channel for events from main to the window. */
export const eventChannel = 'artifact-desk:event';

/** What a "why this version" question asks: a package in a repository, and a version or range. */
export interface ResolutionTraceRequest extends PackageTargetRequest {
  /** An exact version, or a range the format's client understands (npm semver, PEP 440 specifiers). */
  readonly version?: string;
}

/** One repository of the search order as the trace walked it. */
export interface TraceRepository {
  readonly repository: string;
  /** The repositories from the requesting one down to this one. */
  readonly via: readonly string[];
  /** False when an origin control earlier in the path keeps clients from reaching it. */
  readonly searched: boolean;
  /** Why it is not searched, when it is not. */
  readonly blockedBy?: string;
  /** The package's origin configuration here, when the repository has the package. */
  readonly restrictions?: { readonly publish: string; readonly upstream: string };
  /** Why the search does not go on to this repository's upstreams, when it does not. */
  readonly stopsHere?: string;
  readonly externalConnections: readonly TraceExternalConnection[];
}

export interface TraceExternalConnection {
  readonly name: string;
  /** Whether the package may be fetched through it into this repository. */
  readonly allowed: boolean;
  readonly reason?: string;
}

export interface TraceCandidate {
  readonly version: string;
  readonly repository: string;
  readonly status: string;
  readonly originType: string;
  /** Whether this record could answer the request. */
  readonly eligible: boolean;
  /** Why it answers, or why it was filtered out (status, origin controls, range, shadowed). */
  readonly reason: string;
}

export interface ResolutionTrace {
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  readonly repository: string;
  /** What was asked for: the version, the range, or `latest` when neither was given. */
  readonly requested: string;
  readonly kind: 'exact' | 'range' | 'latest';
  readonly repositories: readonly TraceRepository[];
  readonly candidates: readonly TraceCandidate[];
  /** The version a client gets, where from, and whether from the repository's own store. */
  readonly answer?: {
    readonly version: string;
    readonly repository: string;
    readonly source: 'cache' | 'upstream';
    readonly explanation: string;
  };
  /** When nothing stored answers: the external connection a download would fetch through, if any. */
  readonly external?: { readonly connection: string; readonly repository: string };
  /** One sentence for the result. */
  readonly summary: string;
}

/** Two repositories of a domain compared, optionally only the packages a package group pattern matches. */
export interface RepositoryDiffRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  readonly sourceRepository: string;
  readonly destinationRepository: string;
  /** A package group pattern (`/npm/acme/*`): only matching packages are compared. */
  readonly packageGroup?: string;
}

export interface DiffVersion {
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  /** Status in the source (in the destination for `onlyInDestination`). */
  readonly status: string;
}

export interface RepositoryDiff {
  readonly onlyInSource: readonly DiffVersion[];
  readonly onlyInDestination: readonly DiffVersion[];
  /** Versions both hold with different assets (names or content). */
  readonly differing: readonly DiffVersion[];
}

/** Promotion: CopyPackageVersions for a chosen set of versions (or every version the diff finds only in the source). */
export interface PromotionRequest extends RepositoryDiffRequest {
  /** The versions to promote; absent: every version only in the source (within packageGroup). */
  readonly versions?: readonly Omit<DiffVersion, 'status'>[];
  readonly allowOverwrite?: boolean;
  /** Preview only: what CopyPackageVersions would answer for each version, nothing written. */
  readonly dryRun?: boolean;
}

export interface PromotionOutcome extends Omit<DiffVersion, 'status'> {
  /** `COPIED` (or `WOULD_COPY` in a dry run), else CopyPackageVersions' error code. */
  readonly outcome: string;
  readonly message?: string;
}

export interface PromotionResult {
  readonly dryRun: boolean;
  readonly outcomes: readonly PromotionOutcome[];
}
