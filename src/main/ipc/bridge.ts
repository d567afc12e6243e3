/**
 * The desktop app's IPC bridge: one `ipcMain.handle` on the operation channel that refuses frames
 * other than the app's own page and answers every call with an envelope (rejected IPC promises lose
 * the error's class and fields). Written against the small part of ipcMain it uses, so it is tested
 * without Electron.
 */
import { operationChannel, untrustedSenderError, type Envelope } from '../../shared/app-operations';
import type { Invoke } from '../engine/invoke';
import type { AppOperationHandlers } from './app-operations';
import { defaultLog, failure, type Log } from './envelope';
import type { TrustedSenderCheck } from './trusted-sender';
import { createUiDispatch } from './ui-dispatch';

export interface IpcInvokeEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface OperationBridgeOptions {
  readonly invoke: Invoke;
  readonly app: AppOperationHandlers;
  readonly isTrustedSender: TrustedSenderCheck;
  readonly log?: Log;
}

/** Registers the handler; returns the function that removes it. */
export function registerOperationBridge(ipcMain: IpcMainLike, options: OperationBridgeOptions): () => void {
  const log = options.log ?? defaultLog;
  const dispatch = createUiDispatch({ invoke: options.invoke, app: options.app, log });
  ipcMain.handle(operationChannel, (event, operation, input): Promise<Envelope<unknown>> => {
    const url = event.senderFrame?.url;
    if (!options.isTrustedSender(url)) {
      log(`refused an operation from an untrusted frame: ${url ?? '(no frame)'}`);
      return Promise.resolve(
        failure({
          name: untrustedSenderError,
          message: `Operations are only answered for the Artifact Desk window; the request came from ${url ? `'${url}'` : 'a frame that no longer exists'}.`,
        }),
      );
    }
    return dispatch(operation, input, 'desktop app');
  });
  return () => ipcMain.removeHandler(operationChannel);
}
