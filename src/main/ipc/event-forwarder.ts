/**
 * Forwards the service's events to the app's windows on the event channel. A window that is gone,
 * or that shows anything other than the app's own page, is skipped.
 */
import { eventChannel } from '../../shared/app-operations';
import type { AppEventHub } from '../service/app-event-hub';
import type { TrustedSenderCheck } from './trusted-sender';

export interface EventWindowLike {
  isDestroyed(): boolean;
  readonly webContents: { send(channel: string, payload: unknown): void; getURL(): string };
}

/** Returns the function that stops forwarding. */
export function forwardAppEvents(
  hub: AppEventHub,
  windows: () => readonly EventWindowLike[],
  isTrustedPage: TrustedSenderCheck,
): () => void {
  return hub.subscribe((event) => {
    for (const window of windows()) {
      if (window.isDestroyed() || !isTrustedPage(window.webContents.getURL())) continue;
      window.webContents.send(eventChannel, event);
    }
  });
}
