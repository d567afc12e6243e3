/**
 * A real engine for a test: a store opened with the project's migrations in a fresh temp directory, a
 * settable clock, and `call` to run an operation's handler the way the dispatcher does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createEngineContext, engineHandlers, type EngineContext, type Handler } from '../../src/main/engine';
import type { ServiceError } from '../../src/main/engine/errors';
import type { OperationInput, OperationName, OperationOutput } from '../../src/shared/operations';
import { openStore } from '../../src/main/store';
import { migrations } from '../../src/main/store/migrations';
import type { Store } from '../../src/main/store/types';

export const accountId = '111122223333';
export const otherAccountId = '444455556666';
export const region = 'eu-west-1';
export const endpointUrl = 'http://127.0.0.1:5484';

export interface EngineFixture {
  readonly ctx: EngineContext;
  readonly store: Store;
  readonly dataDir: string;
  call<O extends OperationName>(operation: O, input: OperationInput<O>): Promise<OperationOutput<O>>;
  /** Moves the clock forward. */
  advance(milliseconds: number): void;
  now(): Date;
  /** Closes the store and opens the same data directory again (journal replay / checkpoint load). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function openEngine(start = new Date('2026-03-01T12:00:00.000Z')): Promise<EngineFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'artifact-desk-engine-'));
  let clock = start.getTime();
  let store = await openStore({ dataDir, migrations });
  const config = { accountId, region, endpointUrl: () => endpointUrl };
  let ctx = createEngineContext(store, config, () => new Date(clock));
  const fixture: EngineFixture = {
    get ctx() {
      return ctx;
    },
    get store() {
      return store;
    },
    dataDir,
    async call(operation, input) {
      const handler = engineHandlers[operation] as Handler<typeof operation> | undefined;
      if (!handler) throw new Error(`No handler for ${operation}`);
      const output = await handler(ctx, input);
      await store.flush();
      return output;
    },
    advance(milliseconds) {
      clock += milliseconds;
    },
    now: () => new Date(clock),
    async reopen() {
      await store.close();
      store = await openStore({ dataDir, migrations });
      ctx = createEngineContext(store, config, () => new Date(clock));
    },
    async close() {
      try {
        await store.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
  return fixture;
}

type ErrorClass = abstract new (...args: never[]) => ServiceError;

/** Awaits `action` and checks it failed with `type` and, if given, these error fields and message part. */
export async function expectServiceError(
  action: Promise<unknown> | (() => unknown),
  type: ErrorClass,
  expected: { resourceId?: string; resourceType?: string; reason?: string; message?: RegExp } = {},
): Promise<ServiceError> {
  let caught: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${type.name}`).toBeInstanceOf(type);
  const error = caught as ServiceError;
  const fields = error.fields();
  for (const member of ['resourceId', 'resourceType', 'reason'] as const) {
    if (member in expected) expect(fields[member], member).toBe(expected[member]);
  }
  if (expected.message) expect(error.message).toMatch(expected.message);
  return error;
}
