/**
 * A stand-in for Electron's ipcMain: records handlers by channel and lets a test call one as a
 * renderer frame at a given URL would. What it answers is passed through structuredClone, as IPC
 * does, so a value that could not cross the process boundary fails the test here too.
 */
import type { IpcInvokeEventLike, IpcMainLike } from '../../src/main/ipc/bridge';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) {
      // Electron throws on a second handler for the same channel.
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Calls `channel` as a frame showing `frameUrl` (null: the frame is gone). */
  async invoke(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event: IpcInvokeEventLike = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
    return structuredClone(await listener(event, ...structuredClone(args)));
  }
}
