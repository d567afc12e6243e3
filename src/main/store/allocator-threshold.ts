/**
 * Keeps the C allocator from handing memory back to the kernel while a large upload streams in.
 *
 * Node's HTTP server copies every 64 KiB piece of a request body into a fresh buffer from `malloc`,
 * and the garbage collector frees those buffers in batches of several MiB. glibc's `malloc` returns
 * the free space at the top of its heap to the kernel once it passes its trim threshold (128 KiB
 * at first), so after each batch the next body buffers land on new pages, each of which costs a
 * page fault and a zeroed page: 1 GiB of upload took 70–170 thousand page faults and about 0.9 s
 * more of the main thread's CPU than with the heap kept.
 *
 * glibc raises that threshold by itself when a block it had mapped on its own is freed (the mapping
 * threshold becomes that block's size, up to 32 MiB, and the trim threshold twice that). One block
 * of just under 32 MiB, allocated and dropped, so sets the trim threshold to about 64 MiB: the
 * heap then keeps a collection's batch of freed body buffers for the next ones, and holds at most
 * that much free memory when idle. Blocks under 32 MiB then come from the heap instead of their own
 * mappings. It is done once per process, at the first upload large enough to stream (a service that
 * only takes small uploads never does it), and only on Linux (with another allocator it is one
 * short-lived allocation and nothing more).
 */

/** Just under glibc's largest dynamic mapping threshold (32 MiB on 64-bit systems). */
const blockBytes = 32 * 1024 * 1024 - 64 * 1024;

let raised = false;

export function keepFreedMemoryForReuse(): void {
  if (raised) return;
  raised = true;
  if (process.platform !== 'linux') return;
  // Dropped at once: the garbage collector frees it, and glibc adjusts its thresholds on that free.
  Buffer.allocUnsafeSlow(blockBytes);
}
