/**
 * The desktop settings file: created with defaults on first start, read back on later starts,
 * relative data folders resolved against userData, and every bad value refused with a message that
 * names the file and the setting.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, parseSettings, SettingsError } from '../../src/main/desktop/settings';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let userData: string;

beforeEach(async () => {
  userData = await makeTempDir('artifact-desk-userdata-');
});

afterEach(async () => {
  await removeDir(userData);
});

describe('desktop settings', () => {
  it('are created with defaults on first start: loopback, port 5484, data under userData', async () => {
    const loaded = loadSettings(userData);
    expect(loaded.created).toBe(true);
    expect(loaded.settings).toEqual({ port: 5484, host: '127.0.0.1', dataDir: 'data' });
    expect(loaded.dataDir).toBe(join(userData, 'data'));
    expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toEqual(loaded.settings);
    expect(loadSettings(userData).created).toBe(false);
  });

  it('are read back with every setting the user chose', async () => {
    const elsewhere = join(userData, 'registry');
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({
        port: 0,
        host: '::1',
        dataDir: elsewhere,
        accountId: '123456789012',
        region: 'eu-west-1',
      }),
    );
    const loaded = loadSettings(userData);
    expect(loaded.settings).toEqual({
      port: 0,
      host: '::1',
      dataDir: elsewhere,
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expect(loaded.dataDir).toBe(elsewhere);
  });

  it('fill in defaults for settings left out', () => {
    expect(parseSettings({ port: 6000 }, 'settings.json')).toEqual({
      port: 6000,
      host: '127.0.0.1',
      dataDir: 'data',
    });
  });

  it('refuse bad values, naming the file and the setting', async () => {
    const cases: [unknown, RegExp][] = [
      [[], /must hold a JSON object/],
      [{ port: 70000 }, /port must be a whole number/],
      [{ port: '5484' }, /port must be a whole number/],
      [{ host: '' }, /host must be an address/],
      [{ dataDir: 5 }, /dataDir must be a folder path/],
      [{ accountId: '12345' }, /accountId must be 12 digits/],
      [{ region: 'mars' }, /region must be a region name/],
      [{ prot: 1 }, /'prot' is not a setting/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseSettings(value, 'the-file.json'), JSON.stringify(value)).toThrow(message);
      expect(() => parseSettings(value, 'the-file.json')).toThrow(
        /^the-file\.json: .*Fix or delete the file/,
      );
    }
    await writeFile(join(userData, 'settings.json'), '{ not json');
    expect(() => loadSettings(userData)).toThrow(SettingsError);
    expect(() => loadSettings(userData)).toThrow(/is not readable JSON/);
  });
});
