/** The service status as the window knows it. */
import { create } from 'zustand';
import type { AppStatus } from '../../shared/app-status';

interface StatusState {
  status?: AppStatus;
  error?: string;
  load(): Promise<void>;
}

export const useStatus = create<StatusState>((set) => ({
  async load() {
    try {
      if (!window.artifactDesk) throw new Error('The desktop bridge is not available.');
      const result = await window.artifactDesk.invoke('app.status', {});
      if (!result.ok) throw new Error(result.error.message);
      set({ status: result.value, error: undefined });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));
