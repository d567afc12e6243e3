/**
 * One pass over an upload: the four digests (MD5, SHA-1, SHA-256, SHA-512) and the write of its file,
 * each in a worker thread of its own, all reading the same shared buffers. A large publish costs
 * about as long as its slowest digest, not the sum of all of them and the disk write on one thread.
 *
 * Small uploads (up to `inlineBytes`) are hashed on the calling thread, which is quicker than a round
 * trip to the workers, and handed back to the caller to write. Bigger ones go to a pool of five
 * workers shared by every upload of the process (each message names its upload). Each upload copies
 * its bytes once into a ring of four shared 4 MiB buffers that all five workers read; a buffer is
 * refilled only after every worker has read it (and the writer has written it), so memory stays
 * bounded however large the upload. The ring is WebAssembly memory, whose base is page-aligned (an
 * ordinary SharedArrayBuffer is not), so the writer can write each full buffer straight to the disk
 * with O_DIRECT: no copy into the page cache, which costs more CPU than the SHA-256. A file system
 * that refuses O_DIRECT (at open or at a write) gets ordinary writes. Either way the writer asks for
 * an `fdatasync` in the background every `earlySyncBytes`, so the sync before the rename has little
 * left to do: O_DIRECT data is on the disk as it is written, but the file's new extents and size are
 * not, and committing those for a whole GiB at the end held a 1 GiB publish 130–580 ms (1–7 ms with
 * the early syncs). The last, partial buffer's whole 4 KiB blocks go direct as well and the rest
 * through an ordinary write.
 * The worker's source is a string evaluated by the worker (`eval: true`), so it runs the same from
 * TypeScript, from built JavaScript and inside the Electron main bundle, with no separate file for a
 * bundler to find.
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { keepFreedMemoryForReuse } from './allocator-threshold';
import type { BlobHashes } from './types';

const algorithms = ['md5', 'sha1', 'sha256', 'sha512'] as const;
type Algorithm = (typeof algorithms)[number];
type Role = Algorithm | 'write';
type Digests = Omit<BlobHashes, 'size'>;

/** Up to this many bytes are hashed on the calling thread. */
export const inlineBytes = 1024 * 1024;
/**
 * Size of one shared buffer handed to the workers (a multiple of the 64 KiB WebAssembly page). Each
 * buffer costs a message to every worker and one back, and the writer one write: 4 MiB keeps that to
 * about 2,600 messages per GiB where 1 MiB buffers took over 10,000.
 */
const slotBytes = 4 * 1024 * 1024;
/** Shared buffers per upload: what the workers may still have to read before the writer waits. */
const slotsPerUpload = 4;
/** The part of the WebAssembly API used here (the main build's types carry no DOM or WebAssembly lib). */
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (size: { initial: number; maximum: number; shared: boolean }) => {
        buffer: SharedArrayBuffer;
      };
    };
  }
).WebAssembly;

/** Rings kept for the next uploads once an upload is done with its own. */
const sparedRings = 2;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const open = new Map();
const block = 4096;

function hashing(message) {
  if (message.op === 'update') {
    const upload = open.get(message.id);
    if (upload) upload.hash.update(new Uint8Array(upload.ring, message.offset, message.length));
    parentPort.postMessage({ id: message.id, op: 'read', slot: message.slot });
  } else if (message.op === 'open') {
    open.set(message.id, { ring: message.ring, hash: createHash(workerData) });
  } else if (message.op === 'end') {
    const upload = open.get(message.id);
    open.delete(message.id);
    if (upload) parentPort.postMessage({ id: message.id, op: 'done', hex: upload.hash.digest('hex') });
  } else if (message.op === 'abort') {
    open.delete(message.id);
  }
}

function writeFully(fd, view, position) {
  let done = 0;
  while (done < view.length) {
    const wrote = fs.writeSync(fd, view, done, view.length - done, position + done);
    if (wrote <= 0) throw new Error('write made no progress');
    done += wrote;
  }
}

function refused(error) {
  return error.code === 'EINVAL' || error.code === 'EOPNOTSUPP' || error.code === 'ENOTSUP';
}

function openFile(message) {
  const file = { fd: -1, directFd: -1, position: 0, syncedTo: 0, syncing: false, failure: undefined,
    ending: false, earlySyncBytes: message.earlySyncBytes };
  // Not every platform has O_DIRECT (macOS and Windows do not): ordinary writes there.
  if (message.direct && fs.constants.O_DIRECT !== undefined) {
    try {
      file.directFd = fs.openSync(message.path, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
    } catch (error) {
      if (!refused(error)) throw error;
    }
  }
  file.fd = fs.openSync(message.path, fs.constants.O_WRONLY);
  return file;
}

function closeFile(file) {
  if (file.directFd >= 0) fs.closeSync(file.directFd);
  fs.closeSync(file.fd);
}

function writeBytes(file, view) {
  let done = 0;
  if (file.directFd >= 0) {
    const whole = view.length - (view.length % block);
    try {
      if (whole > 0) writeFully(file.directFd, view.subarray(0, whole), file.position);
      done = whole;
    } catch (error) {
      if (!refused(error)) throw error;
      fs.closeSync(file.directFd);
      file.directFd = -1;
    }
  }
  if (done < view.length) writeFully(file.fd, view.subarray(done), file.position + done);
  file.position += view.length;
  if (file.position - file.syncedTo >= file.earlySyncBytes && !file.syncing) {
    file.syncedTo = file.position;
    file.syncing = true;
    fs.fdatasync(file.fd, (error) => {
      file.syncing = false;
      if (error && !file.failure) file.failure = error;
      if (file.ending) finish(file);
    });
  }
}

function fail(id, error) {
  parentPort.postMessage({ id, op: 'failed', code: error.code, message: String(error.message) });
}

function finish(file) {
  open.delete(file.id);
  try {
    closeFile(file);
  } catch (error) {
    if (!file.failure) file.failure = error;
  }
  if (file.failure) fail(file.id, file.failure);
  else parentPort.postMessage({ id: file.id, op: 'done', hex: file.directFd >= 0 ? 'direct' : 'buffered' });
}

function writing(message) {
  if (message.op === 'open') {
    try {
      const file = openFile(message);
      file.id = message.id;
      file.ring = message.ring;
      open.set(message.id, file);
    } catch (error) {
      fail(message.id, error);
    }
  } else if (message.op === 'update') {
    const file = open.get(message.id);
    if (file && !file.failure) {
      try {
        writeBytes(file, new Uint8Array(file.ring, message.offset, message.length));
      } catch (error) {
        file.failure = error;
        fail(message.id, error);
      }
    }
    parentPort.postMessage({ id: message.id, op: 'read', slot: message.slot });
  } else if (message.op === 'end') {
    const file = open.get(message.id);
    if (!file) return;
    file.ending = true;
    if (!file.syncing) finish(file);
  } else if (message.op === 'abort') {
    const file = open.get(message.id);
    if (!file) return;
    open.delete(message.id);
    // An early sync still running keeps its descriptor until it returns.
    if (file.syncing) file.ending = true;
    else {
      try { closeFile(file); } catch {}
    }
  }
}

parentPort.on('message', workerData === 'write' ? writing : hashing);
`;

interface WorkerReply {
  readonly id: number;
  readonly op: 'read' | 'done' | 'failed';
  readonly slot?: number;
  readonly hex?: string;
  readonly code?: string;
  readonly message?: string;
}

/** Where the workers write an upload's bytes: an existing, empty file. */
export interface UploadFile {
  readonly path: string;
  /** Try O_DIRECT writes (false: ordinary writes only). */
  readonly direct: boolean;
  /** Bytes between two background syncs when the writes are ordinary ones. */
  readonly earlySyncBytes: number;
}

interface Session {
  /** Per shared buffer, how many workers have not read it yet. */
  readonly unread: number[];
  readonly done: Partial<Record<Role, string>>;
  wake?: () => void;
  failure?: Error;
}

/** A write error from the writer thread, with the errno code (ENOSPC, EIO…) it had there. */
class UploadWriteError extends Error {
  override readonly name = 'UploadWriteError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

class DigestPool {
  private readonly workers = new Map<Role, Worker>();
  private readonly sessions = new Map<number, Session>();
  private readonly spare: SharedArrayBuffer[] = [];
  private nextId = 1;

  private worker(role: Role): Worker {
    let worker = this.workers.get(role);
    if (worker) return worker;
    // No loader hooks or flags of the parent: the source needs nothing but node:crypto and node:fs.
    worker = new Worker(workerSource, { eval: true, workerData: role, execArgv: [] });
    // Idle workers never keep the process alive.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.receive(role, reply));
    const fail = (error: Error): void => {
      this.workers.delete(role);
      for (const session of this.sessions.values()) {
        session.failure ??= error;
        session.wake?.();
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The ${role} worker exited with code ${code}`)));
    this.workers.set(role, worker);
    return worker;
  }

  private receive(role: Role, reply: WorkerReply): void {
    const session = this.sessions.get(reply.id);
    if (!session) return;
    if (reply.op === 'read') session.unread[reply.slot ?? 0] = (session.unread[reply.slot ?? 0] ?? 1) - 1;
    else if (reply.op === 'failed') session.failure ??= new UploadWriteError(reply.message ?? '', reply.code);
    else session.done[role] = reply.hex ?? '';
    session.wake?.();
  }

  /** A page-aligned ring of `slotsPerUpload` buffers, reused from an earlier upload when one is spare. */
  private ring(): SharedArrayBuffer {
    const spare = this.spare.pop();
    if (spare) return spare;
    const pages = (slotBytes * slotsPerUpload) / 65_536;
    return new wasm.Memory({ initial: pages, maximum: pages, shared: true }).buffer;
  }

  open(file: UploadFile | undefined): PooledUpload {
    const id = this.nextId++;
    const session: Session = { unread: new Array<number>(slotsPerUpload).fill(0), done: {} };
    this.sessions.set(id, session);
    const roles: Role[] = file ? [...algorithms, 'write'] : [...algorithms];
    const workers = roles.map((role) => this.worker(role));
    const ring = this.ring();
    // The ring goes to each worker once per upload: a shared buffer in every message would cost a
    // new buffer object on the receiving side each time.
    for (const algorithm of algorithms) this.worker(algorithm).postMessage({ id, op: 'open', ring });
    if (file) this.worker('write').postMessage({ id, op: 'open', ring, ...file });
    let current = 0;
    let filled = 0;
    const waitUntil = async (ready: () => boolean): Promise<void> => {
      while (!ready() && !session.failure) await new Promise<void>((resolve) => (session.wake = resolve));
      session.wake = undefined;
      if (session.failure) throw session.failure;
    };
    /** Hands the current buffer to the workers; a promise when the next one is still being read. */
    const dispatch = (): Promise<void> | undefined => {
      if (filled === 0) return undefined;
      const slot = current;
      session.unread[slot] = workers.length;
      for (const worker of workers)
        worker.postMessage({ id, op: 'update', offset: slot * slotBytes, length: filled, slot });
      current = (current + 1) % slotsPerUpload;
      filled = 0;
      // The next buffer is reused only once every worker has read what it held.
      return session.unread[current] === 0 ? undefined : waitUntil(() => session.unread[current] === 0);
    };
    // Bytes are copied in with `Buffer#fill`, which is one libc memcpy: `TypedArray#set` into
    // shared memory takes V8's word-by-word relaxed copy, which cost the main thread about 0.5 s of
    // CPU per GiB more on the HTTP server's fresh socket chunks.
    const view = Buffer.from(ring);
    let written: WriteMode | undefined;
    const update = (bytes: Uint8Array): Promise<void> | undefined => {
      if (session.failure) return Promise.reject(session.failure);
      let offset = 0;
      while (offset < bytes.byteLength) {
        const take = Math.min(slotBytes - filled, bytes.byteLength - offset);
        const at = current * slotBytes + filled;
        view.fill(bytes.subarray(offset, offset + take), at, at + take);
        filled += take;
        offset += take;
        if (filled === slotBytes) {
          const waiting = dispatch();
          // The workers are the whole ring behind: the rest of the chunk follows the wait.
          if (waiting) {
            const rest = bytes.subarray(offset);
            return waiting.then(() => update(rest));
          }
        }
      }
      return undefined;
    };
    return {
      update,
      get written() {
        return written;
      },
      digest: async () => {
        try {
          await dispatch();
          for (const worker of workers) worker.postMessage({ id, op: 'end' });
          await waitUntil(() => roles.every((role) => session.done[role] !== undefined));
          const { md5 = '', sha1 = '', sha256 = '', sha512 = '', write } = session.done;
          if (this.spare.length < sparedRings) this.spare.push(ring);
          written = write === 'direct' || write === 'buffered' ? write : undefined;
          return { md5, sha1, sha256, sha512 };
        } finally {
          this.sessions.delete(id);
        }
      },
      abort: () => {
        this.sessions.delete(id);
        for (const worker of workers) worker.postMessage({ id, op: 'abort' });
      },
    };
  }
}

/** How the writer wrote an upload: O_DIRECT (with an ordinary write for a tail under 4 KiB) or ordinary writes. */
export type WriteMode = 'direct' | 'buffered';

interface PooledUpload {
  update(bytes: Uint8Array): Promise<void> | undefined;
  /** Once `digest` resolved with a file: how it was written. */
  readonly written: WriteMode | undefined;
  digest(): Promise<Digests>;
  abort(): void;
}

let pool: DigestPool | undefined;

/**
 * Digests of one upload, and with a `file` its write. Feed it with `update`, which returns a promise
 * only when the workers are several MiB behind (await it then), then `digest` once, or `abort` when
 * the upload fails. `digest` resolves once every byte is hashed and, past `inlineBytes`, written to
 * the file; `written` then says how, or (undefined) that the caller has to write `held` itself.
 */
export class UploadDigests {
  private pending: Uint8Array[] = [];
  private total = 0;
  private pooled: PooledUpload | undefined;

  constructor(private readonly file?: UploadFile) {}

  update(bytes: Uint8Array): Promise<void> | undefined {
    this.total += bytes.byteLength;
    if (this.pooled) return this.pooled.update(bytes);
    this.pending.push(bytes);
    if (this.total <= inlineBytes) return undefined;
    // Past the inline size: the bytes seen so far go to the workers first.
    keepFreedMemoryForReuse();
    const pooled = (pool ??= new DigestPool()).open(this.file);
    this.pooled = pooled;
    const seen = this.pending;
    this.pending = [];
    return feed(pooled, seen, 0);
  }

  /** True once the workers write the upload (it passed `inlineBytes`). */
  get writing(): boolean {
    return this.pooled !== undefined && this.file !== undefined;
  }

  /** After `digest`: how the workers wrote the file, or undefined when the caller has to write `held`. */
  get written(): WriteMode | undefined {
    return this.file ? this.pooled?.written : undefined;
  }

  /** The bytes of an upload the workers never saw, for the caller to write. */
  get held(): readonly Uint8Array[] {
    return this.pending;
  }

  async digest(): Promise<Digests> {
    if (this.pooled) return this.pooled.digest();
    const hashes = algorithms.map((algorithm) => createHash(algorithm));
    for (const chunk of this.pending) for (const hash of hashes) hash.update(chunk);
    const [md5, sha1, sha256, sha512] = hashes.map((hash: Hash) => hash.digest('hex')) as [
      string,
      string,
      string,
      string,
    ];
    return { md5, sha1, sha256, sha512 };
  }

  abort(): void {
    this.pooled?.abort();
    this.pending = [];
  }
}

/** Feeds `chunks` from index `from` on, waiting whenever the ring is full. */
function feed(pooled: PooledUpload, chunks: Uint8Array[], from: number): Promise<void> | undefined {
  for (let i = from; i < chunks.length; i++) {
    const waiting = pooled.update(chunks[i] as Uint8Array);
    if (waiting) return waiting.then(() => feed(pooled, chunks, i + 1));
  }
  return undefined;
}
