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
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { JournalDamagedError } from '../../src/main/store/store-errors';
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

  it('asks before recovering a journal damaged in the middle, and reports what was set aside', async () => {
    const userData = await makeTempDir('artifact-desk-userdata-');
    const source = await makeTempDir('artifact-desk-live-');
    try {
      const live = await startService({ dataDir: source, port: 0, accountId: '123456789012' });
      for (let n = 0; n < 8; n++) await live.invoke('CreateDomain', { domain: `domain-${n}` });
      // The files as a crash would leave them: journal only, no checkpoint.
      const dataDir = join(userData, 'data');
      await cp(source, dataDir, { recursive: true, filter: (path) => !path.endsWith('LOCK') });
      await live.stop();
      const dbDir = join(dataDir, 'db');
      const segments = (await readdir(dbDir)).filter((name) => name.startsWith('journal-'));
      const sizes = await Promise.all(
        segments.map(async (name) => (await readFile(join(dbDir, name))).length),
      );
      const segment = segments[sizes.indexOf(Math.max(...sizes))] ?? '';
      const bytes = await readFile(join(dbDir, segment));
      // Inside the first record's payload (after the 16-byte segment header and 8-byte record header).
      bytes[40]! ^= 0x01;
      await writeFile(join(dbDir, segment), bytes);
      const loaded = loadSettings(userData);
      const settings = { ...loaded, settings: { ...loaded.settings, port: 0 } };

      const asked: string[] = [];
      await expect(
        startDesktopService(settings, startService, async (damage) => {
          asked.push(damage.message);
          return false;
        }),
        'declining the recovery keeps the refusal',
      ).rejects.toBeInstanceOf(JournalDamagedError);
      expect(asked[0]).toContain(segment);

      const started = await startDesktopService(settings, startService, async () => true);
      try {
        expect(started.notice).toMatch(/recovered up to transaction #\d+\. Set aside:/);
        expect(started.notice).toMatch(/intact record\(s\) after it/);
      } finally {
        await started.service.stop();
      }
    } finally {
      await removeDir(userData);
      await removeDir(source);
    }
  });
});
