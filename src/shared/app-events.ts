/**
 * Events the main process (or `serve`, for the web console) pushes to the UI without being asked.
 * Electron carries them on `eventChannel`; the console on Server-Sent Events at `/console/events`.
 */
import type { MirrorJobSummary } from './mirror';

/** Something in the registry changed (any write, from any front door: UI, SDK, CLI, npm…). */
export interface StoreChangedEvent {
  readonly type: 'store-changed';
  /** Grows by one per notification; several writes close together are reported once. */
  readonly revision: number;
}

export type ServerState = 'running' | 'stopping' | 'failed';

/** The service's endpoint came up, is going down, or could not start. */
export interface ServerStatusEvent {
  readonly type: 'server-status';
  readonly state: ServerState;
  /** The endpoint URL while running. */
  readonly endpoint?: string;
  /** Why, when the state is `failed`. */
  readonly message?: string;
}

export type JobState = 'running' | 'succeeded' | 'failed';

/** Progress of long work done in main (for example the mirror's transfers). */
export interface JobProgressEvent {
  readonly type: 'job-progress';
  readonly jobId: string;
  readonly title: string;
  readonly state: JobState;
  readonly done: number;
  readonly total: number;
  /** For jobs that read files (a verify): bytes read so far and in all. */
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  readonly message?: string;
}

/** A mirror job's counts changed (the Mirror page shows them). */
export interface MirrorProgressEvent {
  readonly type: 'mirror-progress';
  readonly job: MirrorJobSummary;
}

export type AppEvent = StoreChangedEvent | ServerStatusEvent | JobProgressEvent | MirrorProgressEvent;
export type AppEventType = AppEvent['type'];
export type AppEventOf<T extends AppEventType> = Extract<AppEvent, { type: T }>;

export const appEventTypes: readonly AppEventType[] = [
  'store-changed',
  'server-status',
  'job-progress',
  'mirror-progress',
];

export function isAppEvent(value: unknown): value is AppEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    (appEventTypes as readonly unknown[]).includes((value as { type?: unknown }).type)
  );
}
