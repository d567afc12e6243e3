/**
 * Electron entry: one instance, one locked-down window, and the local service started on the app's
 * data directory. Everything CodeArtifact lives in the service; this file only wires it to the window.
 */
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, type RunningService } from './service/service';
import type { AppStatus } from '../shared/app-status';

const here = fileURLToPath(new URL('.', import.meta.url));
let service: RunningService | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Artifact Desk',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The window shows only the app's own pages; links open in the user's browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}

async function start(): Promise<void> {
  service = await startService({ dataDir: join(app.getPath('userData'), 'data') });
  ipcMain.handle('app:status', (event): AppStatus => {
    if (event.senderFrame?.url && !isTrustedUrl(event.senderFrame.url)) throw new Error('Untrusted sender');
    return {
      endpoint: service?.url ?? '',
      accountId: service?.accountId ?? '',
      region: service?.region ?? '',
    };
  });
  createWindow();
}

function isTrustedUrl(url: string): boolean {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  return url.startsWith('file://') || (devServer !== undefined && url.startsWith(devServer));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !service) return;
    event.preventDefault();
    void service.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}
