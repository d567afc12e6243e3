/**
 * The desktop app's settings: where the service listens (port, bind address), where its data lives,
 * and the account id and region fixed at the data directory's first start. Kept as settings.json in
 * Electron's userData folder; created with defaults on first start and validated on every start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../service/atomic-file';
import { defaultHost, defaultPort } from '../service/service';

export interface DesktopSettings {
  readonly port: number;
  readonly host: string;
  /** Absolute, or relative to the userData folder. */
  readonly dataDir: string;
  readonly accountId?: string;
  readonly region?: string;
}

export const settingsFileName = 'settings.json';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function defaultSettings(): DesktopSettings {
  return { port: defaultPort, host: defaultHost, dataDir: 'data' };
}

function fail(path: string, problem: string): never {
  throw new SettingsError(`${path}: ${problem}. Fix or delete the file to start with defaults.`);
}

/** Checks a parsed settings file; unknown members are refused so a typo does not go unnoticed. */
export function parseSettings(value: unknown, path: string): DesktopSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, 'must hold a JSON object');
  const known = new Set(['port', 'host', 'dataDir', 'accountId', 'region']);
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) fail(path, `'${key}' is not a setting (known: ${[...known].join(', ')})`);
  }
  const defaults = defaultSettings();
  const port = raw.port ?? defaults.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    fail(path, 'port must be a whole number from 0 to 65535 (0 picks a free port)');
  }
  const host = raw.host ?? defaults.host;
  if (typeof host !== 'string' || host.trim() === '') fail(path, 'host must be an address such as 127.0.0.1');
  const dataDir = raw.dataDir ?? defaults.dataDir;
  if (typeof dataDir !== 'string' || dataDir.trim() === '') fail(path, 'dataDir must be a folder path');
  const settings: { -readonly [K in keyof DesktopSettings]: DesktopSettings[K] } = { port, host, dataDir };
  if (raw.accountId !== undefined) {
    if (typeof raw.accountId !== 'string' || !/^[0-9]{12}$/.test(raw.accountId)) {
      fail(path, 'accountId must be 12 digits');
    }
    settings.accountId = raw.accountId;
  }
  if (raw.region !== undefined) {
    if (typeof raw.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(raw.region)) {
      fail(path, 'region must be a region name such as us-east-1');
    }
    settings.region = raw.region;
  }
  return settings;
}

export interface LoadedSettings {
  readonly settings: DesktopSettings;
  readonly path: string;
  /** The data directory, resolved against userData. */
  readonly dataDir: string;
  readonly created: boolean;
}

export function loadSettings(userDataDir: string): LoadedSettings {
  const path = join(userDataDir, settingsFileName);
  let settings: DesktopSettings;
  let created = false;
  if (existsSync(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      fail(path, `is not readable JSON (${(error as Error).message})`);
    }
    settings = parseSettings(parsed, path);
  } else {
    settings = defaultSettings();
    writeFileAtomic(path, JSON.stringify(settings, null, 2) + '\n');
    created = true;
  }
  const dataDir = isAbsolute(settings.dataDir) ? settings.dataDir : resolve(userDataDir, settings.dataDir);
  return { settings, path, dataDir, created };
}
