/** The shape of `window.artifactDesk`, for the renderer's type checking. */
import type { AppStatus } from '../shared/app-status';

declare global {
  interface Window {
    artifactDesk?: { status(): Promise<AppStatus> };
  }
}

export {};
