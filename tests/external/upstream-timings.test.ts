// The upstream timeout and metadata TTL as a setting of the data directory: what the Settings
// screen saves is used again at the next start, and a command-line flag fixes its timing for a run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/main/engine/errors';
import { startService, type RunningService } from '../../src/main/service/service';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let dataDir: string;
let service: RunningService | undefined;

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-timings-');
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  await removeDir(dataDir);
});

async function start(upstreamPolicy?: { ttlMs?: number; timeoutMs?: number }): Promise<RunningService> {
  await service?.stop();
  service = await startService({ dataDir, port: 0, useClientConfig: false, upstreamPolicy });
  return service;
}

describe('upstream timings', () => {
  it('keeps what was saved for the next start', async () => {
    const first = await start();
    await first.upstreamTimings.update({ timeoutSeconds: 3, ttlSeconds: 45 });
    const again = await start();
    expect(again.upstreamTimings.describe(), 'read back from the data directory').toEqual({
      timeoutSeconds: 3,
      ttlSeconds: 45,
    });
    expect(again.upstreamTimings.policy()).toMatchObject({ timeoutMs: 3000, ttlMs: 45_000 });
    expect(again.status().upstreamTimings, 'the Settings screen is told the same').toEqual({
      timeoutSeconds: 3,
      ttlSeconds: 45,
    });
  });

  it('lets a flag fix its timing for the run, over the saved value, and refuses to change it', async () => {
    const first = await start();
    await first.upstreamTimings.update({ ttlSeconds: 45 });
    const flagged = await start({ ttlMs: 0 });
    expect(flagged.upstreamTimings.describe()).toEqual({
      timeoutSeconds: 10,
      ttlSeconds: 0,
      fixedBy: { ttlSeconds: '--upstream-ttl' },
    });
    await expect(flagged.upstreamTimings.update({ ttlSeconds: 60 })).rejects.toThrow(ValidationException);
    await expect(flagged.upstreamTimings.update({ ttlSeconds: 60 })).rejects.toThrow(
      'ttlSeconds is fixed by --upstream-ttl for this run; start without --upstream-ttl to change it here.',
    );
    await flagged.upstreamTimings.update({ timeoutSeconds: 4 });
    const plain = await start();
    expect(plain.upstreamTimings.describe(), 'the flag did not overwrite the saved TTL').toEqual({
      timeoutSeconds: 4,
      ttlSeconds: 45,
    });
  });
});
