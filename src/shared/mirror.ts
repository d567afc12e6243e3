/**
 * What the mirror shows: a plan comparing the local store with a remote CodeArtifact domain, and the
 * jobs that pull from or push to it. Plain data, shared by the engine, the command line and the UI.
 */
import type { PackageFormat, PackageVersionStatus } from '@aws-sdk/client-codeartifact';

/** Where the remote is and whose credentials reach it; nothing secret is kept here. */
export interface MirrorRemote {
  readonly region: string;
  /** The domain on both sides. */
  readonly domain: string;
  /** The remote domain's owner account (default: the account of the credentials). */
  readonly domainOwner?: string;
  /** AWS profile to take credentials from (default: AWS_PROFILE, else `default`). */
  readonly profile?: string;
  /** Endpoint override, e.g. another Artifact Desk on loopback; default the region's endpoint. */
  readonly endpoint?: string;
}

/** Which part of the domain is compared: repositories (empty: all on either side), package prefixes. */
export interface MirrorScope {
  readonly repositories?: readonly string[];
  readonly packagePrefixes?: readonly string[];
}

export type Presence = 'both' | 'local-only' | 'remote-only';

export interface RepositoryPlan {
  readonly name: string;
  readonly presence: Presence;
  /** Upstream repositories one side lists and the other does not. */
  readonly upstreamsOnlyLocal: readonly string[];
  readonly upstreamsOnlyRemote: readonly string[];
  readonly externalConnectionsOnlyLocal: readonly string[];
  readonly externalConnectionsOnlyRemote: readonly string[];
}

export type VersionComparison = 'only-local' | 'only-remote' | 'same' | 'conflicting';

export interface VersionPlan {
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly comparison: VersionComparison;
  readonly localStatus?: PackageVersionStatus;
  readonly remoteStatus?: PackageVersionStatus;
  readonly localRevision?: string;
  readonly remoteRevision?: string;
  /** Total size of the assets of the side that has the version (the remote's when both do). */
  readonly bytes: number;
  /** Why a version is conflicting: which assets differ, or that the revisions differ. */
  readonly reason?: string;
}

export interface MirrorPlan {
  readonly domain: string;
  readonly domainOnLocal: boolean;
  readonly domainOnRemote: boolean;
  readonly repositories: readonly RepositoryPlan[];
  readonly versions: readonly VersionPlan[];
  readonly counts: Readonly<Record<VersionComparison, number>>;
}

export type MirrorDirection = 'pull' | 'push';

export type MirrorJobState = 'planning' | 'running' | 'done' | 'failed' | 'cancelled';

export type MirrorItemState = 'pending' | 'done' | 'skipped' | 'failed';

export interface MirrorItem {
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly bytes: number;
  readonly state: MirrorItemState;
  /** What happened: `copied`, `status set to Archived`, a refusal or an error. */
  readonly message?: string;
}

export interface MirrorJobSummary {
  readonly id: number;
  readonly direction: MirrorDirection;
  readonly remote: MirrorRemote;
  readonly scope: MirrorScope;
  readonly overwrite: boolean;
  readonly state: MirrorJobState;
  /** Why the job failed or stopped. */
  readonly message?: string;
  readonly total: number;
  readonly done: number;
  readonly skipped: number;
  readonly failed: number;
  readonly bytesTotal: number;
  readonly bytesDone: number;
  readonly createdTime: Date;
  readonly updatedTime: Date;
}

export interface MirrorJobDetail extends MirrorJobSummary {
  readonly items: readonly MirrorItem[];
}
