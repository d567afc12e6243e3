/** The renderer's only door to the main process, exposed through contextBridge. */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppStatus } from '../shared/app-status';

const bridge = {
  status: (): Promise<AppStatus> => ipcRenderer.invoke('app:status') as Promise<AppStatus>,
};

export type ArtifactDeskBridge = typeof bridge;

contextBridge.exposeInMainWorld('artifactDesk', bridge);
