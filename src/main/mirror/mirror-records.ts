/**
 * The mirror's own rows (migration 9): jobs with their items, and the revision pairs that earlier
 * pulls and pushes found matching. Every write binds its values (the journal replays them).
 */
import type {
  MirrorDirection,
  MirrorItem,
  MirrorItemState,
  MirrorJobDetail,
  MirrorJobState,
  MirrorJobSummary,
  MirrorRemote,
  MirrorScope,
} from '../../shared/mirror';
import type { Store } from '../store/types';
import type { VersionInfo, VersionRef } from './inventory';

/** Which remote a revision pair belongs to: the endpoint (or region), owner and domain. */
export function remoteKey(remote: MirrorRemote): string {
  return [remote.endpoint ?? remote.region, remote.domainOwner ?? '', remote.domain].join('|');
}

function refValues(ref: VersionRef): string[] {
  return [ref.repository, ref.format, ref.namespace ?? '', ref.package, ref.version];
}

/** A lookup of the recorded pairs of one remote, read once per plan. */
export function revisionMatcher(
  store: Store,
  remote: MirrorRemote,
): (l: VersionInfo, r: VersionInfo) => boolean {
  const rows = store.read((db) =>
    db.all<{ key: string; local_revision: string; remote_revision: string }>(
      `SELECT repository || char(0) || format || char(0) || namespace || char(0) || package || char(0) || version AS key,
              local_revision, remote_revision FROM mirror_revisions WHERE remote = ?`,
      [remoteKey(remote)],
    ),
  );
  const pairs = new Map(rows.map((row) => [row.key, `${row.local_revision} ${row.remote_revision}`]));
  return (local, other) =>
    pairs.get(refValues(local).join('\u0000')) === `${local.revision} ${other.revision}`;
}

export function recordRevisions(
  store: Store,
  remote: MirrorRemote,
  ref: VersionRef,
  localRevision: string,
  remoteRevision: string,
): void {
  store.write((db) =>
    db.run(
      `INSERT INTO mirror_revisions (remote, repository, format, namespace, package, version, local_revision, remote_revision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (remote, repository, format, namespace, package, version)
       DO UPDATE SET local_revision = excluded.local_revision, remote_revision = excluded.remote_revision`,
      [remoteKey(remote), ...refValues(ref), localRevision, remoteRevision],
    ),
  );
}

interface JobRow {
  id: number;
  direction: MirrorDirection;
  remote: string;
  scope: string;
  overwrite: number;
  state: MirrorJobState;
  message: string | null;
  created_time: number;
  updated_time: number;
}

interface ItemRow {
  position: number;
  repository: string;
  format: MirrorItem['format'];
  namespace: string;
  package: string;
  version: string;
  bytes: number;
  state: MirrorItemState;
  message: string | null;
}

export interface NewJob {
  readonly direction: MirrorDirection;
  readonly remote: MirrorRemote;
  readonly scope: MirrorScope;
  readonly overwrite: boolean;
}

export function createJob(store: Store, job: NewJob, now: number): number {
  return store.write((db) => {
    db.run(
      `INSERT INTO mirror_jobs (direction, remote, scope, overwrite, state, created_time, updated_time)
       VALUES (?, ?, ?, ?, 'planning', ?, ?)`,
      [job.direction, JSON.stringify(job.remote), JSON.stringify(job.scope), job.overwrite ? 1 : 0, now, now],
    );
    return db.get<{ id: number }>('SELECT last_insert_rowid() AS id')!.id;
  });
}

export function setJobState(
  store: Store,
  id: number,
  state: MirrorJobState,
  now: number,
  message?: string,
): void {
  store.write((db) =>
    db.run('UPDATE mirror_jobs SET state = ?, message = ?, updated_time = ? WHERE id = ?', [
      state,
      message ?? null,
      now,
      id,
    ]),
  );
}

export interface NewItem extends VersionRef {
  readonly bytes: number;
}

/** Replaces the job's items (a job re-planned after a restart lists them again) and marks it running. */
export function setJobItems(store: Store, id: number, items: readonly NewItem[], now: number): void {
  store.write((db) => {
    db.run('DELETE FROM mirror_job_items WHERE job_id = ?', [id]);
    items.forEach((item, position) =>
      db.run(
        `INSERT INTO mirror_job_items (job_id, position, repository, format, namespace, package, version, bytes, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        [id, position, ...refValues(item), item.bytes],
      ),
    );
    db.run("UPDATE mirror_jobs SET state = 'running', message = NULL, updated_time = ? WHERE id = ?", [
      now,
      id,
    ]);
  });
}

export function setItemState(
  store: Store,
  id: number,
  position: number,
  state: MirrorItemState,
  message: string,
  now: number,
): void {
  store.write((db) => {
    db.run('UPDATE mirror_job_items SET state = ?, message = ? WHERE job_id = ? AND position = ?', [
      state,
      message,
      id,
      position,
    ]);
    db.run('UPDATE mirror_jobs SET updated_time = ? WHERE id = ?', [now, id]);
  });
}

export interface StoredItem extends MirrorItem {
  readonly position: number;
}

function itemOf(row: ItemRow): StoredItem {
  return {
    position: row.position,
    repository: row.repository,
    format: row.format,
    ...(row.namespace ? { namespace: row.namespace } : {}),
    package: row.package,
    version: row.version,
    bytes: row.bytes,
    state: row.state,
    ...(row.message !== null ? { message: row.message } : {}),
  };
}

export function jobItems(store: Store, id: number): StoredItem[] {
  return store
    .read((db) => db.all<ItemRow>('SELECT * FROM mirror_job_items WHERE job_id = ? ORDER BY position', [id]))
    .map(itemOf);
}

function summaryOf(row: JobRow, items: readonly StoredItem[]): MirrorJobSummary {
  const count = (state: MirrorItemState) => items.filter((item) => item.state === state).length;
  return {
    id: row.id,
    direction: row.direction,
    remote: JSON.parse(row.remote) as MirrorRemote,
    scope: JSON.parse(row.scope) as MirrorScope,
    overwrite: row.overwrite === 1,
    state: row.state,
    ...(row.message !== null ? { message: row.message } : {}),
    total: items.length,
    done: count('done'),
    skipped: count('skipped'),
    failed: count('failed'),
    bytesTotal: items.reduce((sum, item) => sum + item.bytes, 0),
    bytesDone: items.filter((item) => item.state === 'done').reduce((sum, item) => sum + item.bytes, 0),
    createdTime: new Date(row.created_time),
    updatedTime: new Date(row.updated_time),
  };
}

export function jobDetail(store: Store, id: number): MirrorJobDetail | undefined {
  const row = store.read((db) => db.get<JobRow>('SELECT * FROM mirror_jobs WHERE id = ?', [id]));
  if (!row) return undefined;
  const items = jobItems(store, id);
  return { ...summaryOf(row, items), items: items.map(({ position: _position, ...item }) => item) };
}

export function listJobs(store: Store): MirrorJobSummary[] {
  const rows = store.read((db) => db.all<JobRow>('SELECT * FROM mirror_jobs ORDER BY id DESC LIMIT 50'));
  return rows.map((row) => summaryOf(row, jobItems(store, row.id)));
}

/** Jobs a restart must finish: still planning or running. */
export function unfinishedJobs(store: Store): MirrorJobSummary[] {
  const rows = store.read((db) =>
    db.all<JobRow>("SELECT * FROM mirror_jobs WHERE state IN ('planning', 'running') ORDER BY id"),
  );
  return rows.map((row) => summaryOf(row, jobItems(store, row.id)));
}
