/**
 * The four digests of an upload (MD5, SHA-1, SHA-256, SHA-512) computed at the same time, one worker
 * thread per algorithm, while the caller writes the bytes to disk: a large publish costs about as
 * long as its slowest digest or its disk write, not the sum of all of them on the main thread.
 *
 * Small uploads (up to `inlineBytes`) are hashed on the calling thread, which is quicker than a round
 * trip to the workers. Bigger ones go to a pool of four workers shared by every upload of the process
 * (each message names its upload). Each upload copies its bytes once into a ring of a few shared
 * buffers that all four workers read; a buffer is refilled only after every worker has read it, so
 * memory stays bounded however large the upload. The worker's source is a string evaluated by the worker (`eval: true`), so it
 * runs the same from TypeScript, from built JavaScript and inside the Electron main bundle, with no
 * separate file for a bundler to find.
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { BlobHashes } from './types';

const algorithms = ['md5', 'sha1', 'sha256', 'sha512'] as const;
type Algorithm = (typeof algorithms)[number];
type Digests = Omit<BlobHashes, 'size'>;

/** Up to this many bytes are hashed on the calling thread. */
export const inlineBytes = 1024 * 1024;
/** Size of one shared buffer handed to the workers. */
const slotBytes = 1024 * 1024;
/** Shared buffers per upload: what the workers may still have to read before the writer waits. */
const slotsPerUpload = 8;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const open = new Map();
parentPort.on('message', (message) => {
  if (message.op === 'update') {
    let hash = open.get(message.id);
    if (!hash) open.set(message.id, (hash = createHash(workerData)));
    hash.update(new Uint8Array(message.data, 0, message.length));
    parentPort.postMessage({ id: message.id, op: 'read', slot: message.slot });
  } else if (message.op === 'end') {
    const hash = open.get(message.id) || createHash(workerData);
    open.delete(message.id);
    parentPort.postMessage({ id: message.id, op: 'digest', hex: hash.digest('hex') });
  } else if (message.op === 'abort') {
    open.delete(message.id);
  }
});
`;

interface WorkerReply {
  readonly id: number;
  readonly op: 'read' | 'digest';
  readonly slot?: number;
  readonly hex?: string;
}

interface Session {
  /** Per shared buffer, how many workers have not read it yet. */
  readonly unread: number[];
  readonly digests: Partial<Record<Algorithm, string>>;
  wake?: () => void;
  failure?: Error;
}

class DigestPool {
  private readonly workers = new Map<Algorithm, Worker>();
  private readonly sessions = new Map<number, Session>();
  private nextId = 1;

  private worker(algorithm: Algorithm): Worker {
    let worker = this.workers.get(algorithm);
    if (worker) return worker;
    // No loader hooks or flags of the parent: the source needs nothing but node:crypto.
    worker = new Worker(workerSource, { eval: true, workerData: algorithm, execArgv: [] });
    // Idle workers never keep the process alive.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.receive(algorithm, reply));
    const fail = (error: Error): void => {
      this.workers.delete(algorithm);
      for (const session of this.sessions.values()) {
        session.failure ??= error;
        session.wake?.();
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The ${algorithm} digest worker exited with code ${code}`)));
    this.workers.set(algorithm, worker);
    return worker;
  }

  private receive(algorithm: Algorithm, reply: WorkerReply): void {
    const session = this.sessions.get(reply.id);
    if (!session) return;
    if (reply.op === 'read') session.unread[reply.slot ?? 0] = (session.unread[reply.slot ?? 0] ?? 1) - 1;
    else session.digests[algorithm] = reply.hex ?? '';
    session.wake?.();
  }

  open(): PooledDigests {
    const id = this.nextId++;
    const session: Session = { unread: new Array<number>(slotsPerUpload).fill(0), digests: {} };
    this.sessions.set(id, session);
    const workers = algorithms.map((algorithm) => this.worker(algorithm));
    const slots = Array.from({ length: slotsPerUpload }, () => new SharedArrayBuffer(slotBytes));
    let current = 0;
    let filled = 0;
    const waitUntil = async (ready: () => boolean): Promise<void> => {
      while (!ready() && !session.failure) await new Promise<void>((resolve) => (session.wake = resolve));
      session.wake = undefined;
      if (session.failure) throw session.failure;
    };
    const dispatch = async (): Promise<void> => {
      if (filled === 0) return;
      const slot = current;
      session.unread[slot] = workers.length;
      for (const worker of workers)
        worker.postMessage({ id, op: 'update', data: slots[slot], length: filled, slot });
      current = (current + 1) % slotsPerUpload;
      filled = 0;
      // The next buffer is reused only once every worker has read what it held.
      await waitUntil(() => session.unread[current] === 0);
    };
    return {
      update: async (bytes) => {
        if (session.failure) throw session.failure;
        let offset = 0;
        while (offset < bytes.byteLength) {
          const take = Math.min(slotBytes - filled, bytes.byteLength - offset);
          new Uint8Array(slots[current] as SharedArrayBuffer, filled, take).set(
            bytes.subarray(offset, offset + take),
          );
          filled += take;
          offset += take;
          if (filled === slotBytes) await dispatch();
        }
      },
      digest: async () => {
        try {
          await dispatch();
          for (const worker of workers) worker.postMessage({ id, op: 'end' });
          await waitUntil(() => algorithms.every((a) => session.digests[a] !== undefined));
          const { md5 = '', sha1 = '', sha256 = '', sha512 = '' } = session.digests;
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

interface PooledDigests {
  update(bytes: Uint8Array): Promise<void>;
  digest(): Promise<Digests>;
  abort(): void;
}

let pool: DigestPool | undefined;

/**
 * Digests of one upload. Feed it with `update` (await it: it waits only when the workers are several
 * MiB behind), then `digest` once, or `abort` when the upload fails.
 */
export class UploadDigests {
  private pending: Uint8Array[] = [];
  private total = 0;
  private pooled: PooledDigests | undefined;

  async update(bytes: Uint8Array): Promise<void> {
    this.total += bytes.byteLength;
    if (this.pooled) return this.pooled.update(bytes);
    this.pending.push(bytes);
    if (this.total <= inlineBytes) return;
    // Past the inline size: the bytes seen so far go to the workers first.
    this.pooled = (pool ??= new DigestPool()).open();
    const seen = this.pending;
    this.pending = [];
    for (const chunk of seen) await this.pooled.update(chunk);
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
