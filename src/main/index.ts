/**
 * Electron entry: one instance, one locked-down window, and the local service started on the app's
 * data directory. Everything CodeArtifact lives in the service; this file only wires it to the window
 * (IPC bridge, events, CSP, menu) and shuts it down with a checkpoint.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { buildMenuTemplate } from './desktop/app-menu';
import { rendererDevServerUrl } from './desktop/dev-server-url';
import { loadSettings } from './desktop/settings';
import { startDesktopService } from './desktop/start-desktop-service';
import {
  allowNavigation,
  buildWindowOptions,
  decideWindowOpen,
  withSecurityHeaders,
} from './desktop/window-options';
import { createAppOperations } from './ipc/app-operations';
import { registerOperationBridge } from './ipc/bridge';
import { forwardAppEvents } from './ipc/event-forwarder';
import { createAssetSaver } from './ipc/save-asset';
import { restoreInPlace } from './desktop/restore-in-place';
import { runServiceJob } from './service/service-jobs';
import { createTrustedSenderCheck } from './ipc/trusted-sender';
import { startService, type RunningService } from './service/service';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const devServerUrl = rendererDevServerUrl(process.env, app.isPackaged);
const isTrustedPage = createTrustedSenderCheck({
  rendererIndexUrl: pathToFileURL(rendererIndex).href,
  devServerUrl,
});

let service: RunningService | undefined;

function mainWindow(): BrowserWindow | undefined {
  return BrowserWindow.getAllWindows()[0];
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    buildWindowOptions({
      preloadPath: join(here, '../preload/index.cjs'),
      // The app icon ships with the renderer build (src/renderer/public), so it is inside out/ in the package.
      iconPath: join(here, '../renderer/icon.png'),
    }),
  );
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

/** Navigation and new windows are locked down for every web contents the app ever creates. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url, isTrustedPage)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url, isTrustedPage)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
  });
  const csp = contentSecurityPolicy({ dev: devServerUrl !== undefined });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, csp) });
  });
  // Copy buttons write to the clipboard; nothing else (camera, notifications…) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
}

async function start(): Promise<void> {
  lockDownWebContents();
  const loaded = loadSettings(app.getPath('userData'));
  const started = await startDesktopService(loaded, startService, async (damage) => {
    const answer = await dialog.showMessageBox({
      type: 'warning',
      title: 'Artifact Desk',
      message: 'The data directory’s journal is damaged',
      detail: damage.message,
      buttons: ['Quit', 'Recover and set the rest aside'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return answer.response === 1;
  });
  const running = started.service;
  service = running;

  const saveAsset = createAssetSaver({
    invoke: running.invoke,
    defaultDir: app.getPath('downloads'),
    showSaveDialog: async (options) => {
      const parent = mainWindow();
      return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
    },
  });
  registerOperationBridge(ipcMain, {
    invoke: running.invoke,
    isTrustedSender: isTrustedPage,
    app: createAppOperations({
      status: () => ({ ...running.status(), mode: 'desktop' }),
      credentials: () => running.credentials,
      rotateCredentials: () => running.rotateCredentials(),
      upstreamTimings: running.upstreamTimings,
      trashPurger: () => running.trashPurger,
      saveAsset,
      offlineKit: running.offlineKit,
      seed: running.seed,
      mirror: running.mirror,
      backup: (destination) => running.backup(destination),
      verifyStore: () => running.verifyStore(),
      repairBlobs: (blobs) => running.repairBlobs(blobs),
      restore: async (source) => {
        const restored = await runServiceJob(running.events, `Restore from ${source}`, (progress) =>
          restoreInPlace(source, running.dataDir, () => running.stop(), progress),
        );
        // After the answer has reached the window: the app starts again on the restored data.
        setTimeout(() => {
          app.relaunch();
          app.exit(0);
        }, 300);
        return {
          previousDataKeptAt: restored.previousDataKeptAt,
          seq: restored.report.seq,
          blobs: restored.report.blobs,
          restarting: true,
        };
      },
      engine: {
        store: running.store,
        config: { accountId: running.accountId, region: running.region, endpointUrl: () => running.url },
        now: () => new Date(),
      },
    }),
  });
  forwardAppEvents(running.events, () => BrowserWindow.getAllWindows(), isTrustedPage);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: devServerUrl !== undefined || !app.isPackaged,
        openDataFolder: () => void shell.openPath(running.dataDir),
        copyEndpoint: () => clipboard.writeText(running.url),
      }),
    ),
  );

  const window = createWindow();
  if (started.notice) {
    const notice = started.notice;
    window.once('ready-to-show', () => {
      void dialog.showMessageBox(window, { type: 'info', message: 'Artifact Desk', detail: notice });
    });
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = mainWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  // A start that fails (a data directory locked by `serve`, unreadable settings) is shown, then the
  // app exits instead of leaving a window with nothing behind it.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(error);
      dialog.showErrorBox(
        'Artifact Desk could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (service && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !service) return;
    event.preventDefault();
    // Stopping checkpoints the store, so the next start loads a snapshot instead of replaying.
    void service.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}

process.on('unhandledRejection', (error) => console.error('[main] unhandled rejection', error));
