/**
 * The native application menu. Standard roles (edit, view, window) so copy and paste, zoom and
 * full screen work as users expect, plus the app's own items: open the data folder, copy the
 * endpoint URL. Built as a plain template so it is testable without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly isMac: boolean;
  readonly isDev: boolean;
  openDataFolder(): void;
  copyEndpoint(): void;
}

export function buildMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { label: 'Copy Endpoint URL', accelerator: 'CmdOrCtrl+Shift+C', click: () => actions.copyEndpoint() },
      { type: 'separator' },
      actions.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(actions.isDev ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(actions.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
