/**
 * The desktop transport: the preload script's `window.artifactDesk` bridge carries operations over
 * IPC and answers with envelopes. Downloads go through `app.saveAsset`, which asks where to save in
 * the main process and streams the asset there, so asset bytes never pass through the renderer.
 */
import { appEventTypes, type AppEvent } from '../../../shared/app-events';
import type { UiOperationName } from '../../../shared/app-operations';
import type { DesktopBridge } from '../../../shared/desktop-bridge';
import type { Transport } from './transport';

export function createBridgeTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    call: (operation, input) =>
      bridge.invoke(operation as UiOperationName, (input ?? {}) as never) as ReturnType<Transport['call']>,
    subscribe(listener) {
      const stops = appEventTypes.map((type) => bridge.on(type, (event: AppEvent) => listener(event)));
      return () => {
        for (const stop of stops) stop();
      };
    },
    async download(request) {
      const envelope = await bridge.invoke('app.saveAsset', request);
      return envelope.ok ? { ok: true, value: undefined } : envelope;
    },
  };
}

/** The bridge when running inside the desktop window; undefined in a plain browser tab. */
export function findDesktopBridge(scope: { artifactDesk?: unknown }): DesktopBridge | undefined {
  const candidate = scope.artifactDesk as Partial<DesktopBridge> | undefined;
  if (candidate && typeof candidate.invoke === 'function' && typeof candidate.on === 'function') {
    return candidate as DesktopBridge;
  }
  return undefined;
}
