/**
 * The rest of the desktop wiring that needs no Electron: the application menu's items and the
 * service start that falls back to a free port when the configured one is taken.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../src/main/desktop/app-menu';
import { loadSettings } from '../../src/main/desktop/settings';
import { startDesktopService } from '../../src/main/desktop/start-desktop-service';
import { startService, type ServiceConfig } from '../../src/main/service/service';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

describe('application menu', () => {
  it('has File with the app actions, standard edit/view/window menus, and dev tools only in development', () => {
    const calls: string[] = [];
    const template = buildMenuTemplate({
      isMac: false,
      isDev: false,
      openDataFolder: () => calls.push('open'),
      copyEndpoint: () => calls.push('copy'),
    });
    expect(template.map((item) => item.label ?? item.role)).toEqual([
      'File',
      'editMenu',
      'View',
      'windowMenu',
    ]);
    const file = template[0]?.submenu as { label?: string; role?: string; click?: () => void }[];
    expect(file.map((item) => item.label ?? item.role)).toEqual([
      'Open Data Folder',
      'Copy Endpoint URL',
      undefined,
      'quit',
    ]);
    file[0]?.click?.();
    file[1]?.click?.();
    expect(calls).toEqual(['open', 'copy']);
    const view = template[2]?.submenu as { role?: string }[];
    expect(view.some((item) => item.role === 'toggleDevTools')).toBe(false);

    const dev = buildMenuTemplate({
      isMac: true,
      isDev: true,
      openDataFolder: () => {},
      copyEndpoint: () => {},
    });
    expect(dev[0]?.role).toBe('appMenu');
    expect((dev[3]?.submenu as { role?: string }[]).some((item) => item.role === 'toggleDevTools')).toBe(
      true,
    );
  });
});

describe('starting the desktop service', () => {
  it('uses the configured port, and a free one (with a notice) when it is taken', async () => {
    const userData = await makeTempDir('artifact-desk-userdata-');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await writeFile(
        join(userData, 'settings.json'),
        JSON.stringify({ port: taken, accountId: '123456789012' }),
      );
      const loaded = loadSettings(userData);
      const configs: ServiceConfig[] = [];
      const started = await startDesktopService(loaded, (config) => {
        configs.push(config);
        return startService(config);
      });
      try {
        expect(configs.map((c) => c.port)).toEqual([taken, 0]);
        expect(started.service.port).not.toBe(taken);
        expect(started.service.accountId).toBe('123456789012');
        expect(started.service.dataDir).toBe(join(userData, 'data'));
        expect(started.notice).toContain(`Port ${taken} is in use`);
        expect(started.notice).toContain(started.service.url);
      } finally {
        await started.service.stop();
      }
    } finally {
      blocker.close();
      await removeDir(userData);
    }
  });

  it('reports other failures as they are', async () => {
    const userData = await makeTempDir('artifact-desk-userdata-');
    try {
      const loaded = loadSettings(userData);
      const first = await startDesktopService(
        { ...loaded, settings: { ...loaded.settings, port: 0 } },
        startService,
      );
      try {
        // The data directory is locked by the first service.
        await expect(
          startDesktopService({ ...loaded, settings: { ...loaded.settings, port: 0 } }, startService),
        ).rejects.toMatchObject({ name: 'StoreLockedError' });
      } finally {
        await first.service.stop();
      }
    } finally {
      await removeDir(userData);
    }
  });
});
