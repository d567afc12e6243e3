/**
 * The renderer's only door to the main process, exposed through contextBridge in a sandboxed preload:
 * `invoke(op, input)` on the one operation channel, and `on(type, fn)` for events from main. Nothing
 * of Electron or Node reaches the page beyond these two functions.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isAppEvent, type AppEvent, type AppEventType } from '../shared/app-events';
import { eventChannel, operationChannel } from '../shared/app-operations';
import type { DesktopBridge } from '../shared/desktop-bridge';

const bridge: DesktopBridge = {
  invoke: (operation, input) =>
    ipcRenderer.invoke(operationChannel, operation, input) as ReturnType<DesktopBridge['invoke']>,
  on(type: AppEventType, listener: (event: never) => void) {
    if (typeof listener !== 'function') throw new TypeError('on(type, listener) needs a function.');
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      if (isAppEvent(payload) && payload.type === type) (listener as (event: AppEvent) => void)(payload);
    };
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('artifactDesk', bridge);
