/** The shape of `window.artifactDesk`, for the renderer's type checking. */
import type { DesktopBridge } from '../shared/desktop-bridge';

declare global {
  interface Window {
    /** Present in the desktop app only; the web console talks HTTP instead. */
    artifactDesk?: DesktopBridge;
  }
}

export {};
