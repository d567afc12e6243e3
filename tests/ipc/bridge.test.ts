/**
 * The desktop IPC bridge against a fake ipcMain and a real service: one handler on the operation
 * channel, calls from frames other than the app's page refused, unknown operations refused, engine
 * errors delivered with their AWS name, message and fields, results (Dates included) intact after
 * the structured clone IPC applies.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppOperations } from '../../src/main/ipc/app-operations';
import { registerOperationBridge } from '../../src/main/ipc/bridge';
import { createTrustedSenderCheck } from '../../src/main/ipc/trusted-sender';
import type { Invoke } from '../../src/main/engine/invoke';
import {
  operationChannel,
  unknownOperationError,
  untrustedSenderError,
  type Envelope,
} from '../../src/shared/app-operations';
import { startTestService, type ServiceFixture } from '../console/service-fixture';
import { FakeIpcMain } from './fake-ipc-main';

const appPage = pathToFileURL(join(tmpdir(), 'artifact-desk-app', 'out', 'renderer', 'index.html')).href;

let fixture: ServiceFixture;
let ipc: FakeIpcMain;
let invoked: string[];
let logged: string[];
let unregister: () => void;

function call(
  operation: unknown,
  input?: unknown,
  frame: string | null = appPage,
): Promise<Envelope<unknown>> {
  return ipc.invoke(operationChannel, frame, operation, input) as Promise<Envelope<unknown>>;
}

function expectError(envelope: Envelope<unknown>): {
  name: string;
  message: string;
  fields?: Record<string, unknown>;
} {
  if (envelope.ok) throw new Error(`expected an error envelope, got ${JSON.stringify(envelope.value)}`);
  return envelope.error as { name: string; message: string; fields?: Record<string, unknown> };
}

function expectValue<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok)
    throw new Error(`expected success, got ${envelope.error.name}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeEach(async () => {
  fixture = await startTestService();
  ipc = new FakeIpcMain();
  invoked = [];
  logged = [];
  const service = fixture.service;
  const invoke = ((operation, input) => {
    invoked.push(operation);
    return service.invoke(operation, input);
  }) as Invoke;
  unregister = registerOperationBridge(ipc, {
    invoke,
    isTrustedSender: createTrustedSenderCheck({ rendererIndexUrl: appPage }),
    app: createAppOperations({
      status: () => ({ ...service.status(), mode: 'desktop' }),
      credentials: () => service.credentials,
      rotateCredentials: () => service.rotateCredentials(),
      upstreamTimings: service.upstreamTimings,
    }),
    log: (message) => logged.push(message),
  });
});

afterEach(async () => {
  unregister();
  await fixture.close();
});

describe('registration', () => {
  it('handles exactly the operation channel, and removes its handler when asked', () => {
    expect([...ipc.handlers.keys()]).toEqual([operationChannel]);
    unregister();
    expect(ipc.handlers.size).toBe(0);
    // Re-registering after removal works (Electron refuses a second live handler).
    unregister = registerOperationBridge(ipc, {
      invoke: fixture.service.invoke,
      isTrustedSender: () => true,
      app: createAppOperations({
        status: () => fixture.service.status(),
        credentials: () => fixture.service.credentials,
        rotateCredentials: () => fixture.service.rotateCredentials(),
      }),
    });
    expect(ipc.handlers.has(operationChannel)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses an operation name that is not in the operation map, without reaching the engine', async () => {
    const error = expectError(await call('DropAllTables', {}));
    expect(error.name).toBe(unknownOperationError);
    expect(error.message).toContain("'DropAllTables' is not an operation of Artifact Desk");
    expect(invoked).toEqual([]);
  });

  it('refuses names that are not strings, and names that only resemble operations', async () => {
    for (const name of [undefined, null, 42, { op: 'ListDomains' }, 'listDomains', 'app.quit', '__proto__']) {
      const error = expectError(await call(name, {}));
      expect(error.name, `name ${JSON.stringify(name)}`).toBe(unknownOperationError);
    }
    expect(invoked).toEqual([]);
  });

  it('refuses calls from frames that are not the app page: other sites, other files, vanished frames', async () => {
    const strangers = [
      'https://attacker.invalid/',
      'http://127.0.0.1:5484/',
      pathToFileURL(join(tmpdir(), 'elsewhere', 'index.html')).href,
      'about:blank',
      'not a url',
      null,
    ];
    for (const frame of strangers) {
      const error = expectError(await call('ListDomains', {}, frame));
      expect(error.name, `frame ${String(frame)}`).toBe(untrustedSenderError);
      expect(error.message).toContain('only answered for the Artifact Desk window');
    }
    expect(invoked).toEqual([]);
    expect(logged.filter((line) => line.includes('untrusted frame'))).toHaveLength(strangers.length);
  });

  it('accepts the app page with its own query and fragment', async () => {
    const value = expectValue<{ domains: unknown[] }>(
      await call('ListDomains', {}, `${appPage}?x=1#/domains`),
    );
    expect(value.domains).toEqual([]);
  });

  it('refuses an input that is not an object with a ValidationException', async () => {
    const error = expectError(await call('ListDomains', ['not', 'an', 'object']));
    expect(error).toMatchObject({
      name: 'ValidationException',
      fields: { reason: 'FIELD_VALIDATION_FAILED' },
    });
    expect(invoked).toEqual([]);
  });

  it('refuses GetPackageVersionAsset, whose stream cannot cross IPC, and names the operation to use', async () => {
    const error = expectError(
      await call('GetPackageVersionAsset', {
        domain: 'd',
        repository: 'r',
        format: 'generic',
        namespace: 'n',
        package: 'p',
        packageVersion: '1',
        asset: 'a',
      }),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('app.saveAsset');
  });
});

describe('engine errors', () => {
  it('arrive with the AWS error name, the engine message verbatim and the error fields', async () => {
    const direct = await fixture.service
      .invoke('DescribeDomain', { domain: 'nowhere' })
      .catch((e: Error) => e);
    const error = expectError(await call('DescribeDomain', { domain: 'nowhere' }));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe((direct as Error).message);
    expect(error.fields).toMatchObject({ resourceType: 'domain' });
  });

  it('carry validation failures from the API model with their reason', async () => {
    const error = expectError(await call('CreateDomain', { domain: 'Not A Valid Name!' }));
    expect(error.name).toBe('ValidationException');
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.fields).toEqual({ reason: 'FIELD_VALIDATION_FAILED' });
  });

  it('report a conflict as ConflictException', async () => {
    expectValue(await call('CreateDomain', { domain: 'twice' }));
    const error = expectError(await call('CreateDomain', { domain: 'twice' }));
    expect(error.name).toBe('ConflictException');
    expect(error.message).toContain('twice');
  });

  it('turn an unexpected failure into InternalServerException and log it', async () => {
    const failing = new FakeIpcMain();
    const logs: string[] = [];
    registerOperationBridge(failing, {
      invoke: (() => Promise.reject(new TypeError('boom'))) as unknown as Invoke,
      isTrustedSender: () => true,
      app: createAppOperations({
        status: () => fixture.service.status(),
        credentials: () => fixture.service.credentials,
        rotateCredentials: () => fixture.service.rotateCredentials(),
      }),
      log: (message) => logs.push(message),
    });
    const envelope = (await failing.invoke(
      operationChannel,
      appPage,
      'ListDomains',
      {},
    )) as Envelope<unknown>;
    expect(expectError(envelope)).toEqual({
      name: 'InternalServerException',
      message: 'An internal error occurred: boom',
    });
    expect(logs).toEqual(['ListDomains failed unexpectedly']);
  });
});

describe('results', () => {
  it('arrive intact through the clone, Dates as Dates', async () => {
    const before = Date.now();
    const created = expectValue<{ domain: { name: string; createdTime: Date; owner: string } }>(
      await call('CreateDomain', { domain: 'team' }),
    );
    expect(created.domain.name).toBe('team');
    expect(created.domain.owner).toBe('123456789012');
    expect(created.domain.createdTime).toBeInstanceOf(Date);
    expect(created.domain.createdTime.getTime()).toBeGreaterThanOrEqual(before - 1000);

    expectValue(
      await call('CreateRepository', { domain: 'team', repository: 'libs', description: 'shared' }),
    );
    const listed = expectValue<{ repositories: { name: string; description?: string }[] }>(
      await call('ListRepositoriesInDomain', { domain: 'team' }),
    );
    expect(listed.repositories.map((r) => [r.name, r.description])).toEqual([['libs', 'shared']]);
    expect(invoked).toEqual(['CreateDomain', 'CreateRepository', 'ListRepositoriesInDomain']);
  });

  it('treat a missing input as an empty one', async () => {
    expect(expectValue<{ domains: unknown[] }>(await call('ListDomains')).domains).toEqual([]);
  });
});

describe('app operations', () => {
  it('app.status tells the endpoint, account and region of the running service', async () => {
    const status = expectValue(await call('app.status', {}));
    // externalUpstreams joins the status once the user's clients have answered, in the background.
    expect(status).toMatchObject({
      endpoint: fixture.service.url,
      accountId: '123456789012',
      region: 'us-east-1',
      mode: 'desktop',
      dataDir: fixture.service.dataDir,
    });
  });

  it('app.rotateCredentials replaces the key the endpoint accepts and the one the data directory keeps', async () => {
    const old = expectValue<{ accessKeyId: string; secretAccessKey: string }>(
      await call('app.credentials', {}),
    );
    expect(old).toEqual({ ...fixture.service.credentials });
    const oldClient = fixture.client(old);
    await oldClient.send(new ListDomainsCommand({}));

    const rotated = expectValue<{ accessKeyId: string; secretAccessKey: string }>(
      await call('app.rotateCredentials', {}),
    );
    expect(rotated.accessKeyId).not.toBe(old.accessKeyId);
    expect(rotated.secretAccessKey).not.toBe(old.secretAccessKey);
    expect(expectValue(await call('app.credentials', {}))).toEqual(rotated);

    await expect(oldClient.send(new ListDomainsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    await expect(fixture.client(rotated).send(new ListDomainsCommand({}))).resolves.toMatchObject({
      domains: [],
    });
    const stored = JSON.parse(await readFile(join(fixture.dataDir, 'identity.json'), 'utf8')) as {
      credentials: unknown;
    };
    expect(stored.credentials).toEqual(rotated);
  });

  it("app.setUpstreamTimings changes the timeout and TTL external fetches use, with the flags' rule", async () => {
    expect(expectValue(await call('app.status', {}))).toMatchObject({
      upstreamTimings: { timeoutSeconds: 10, ttlSeconds: 300 },
    });
    expect(expectValue(await call('app.setUpstreamTimings', { timeoutSeconds: 2.5, ttlSeconds: 0 }))).toEqual(
      {
        timeoutSeconds: 2.5,
        ttlSeconds: 0,
      },
    );
    expect(fixture.service.upstreamTimings.policy(), 'the next request uses them').toMatchObject({
      timeoutMs: 2500,
      ttlMs: 0,
    });
    const refused = expectError(await call('app.setUpstreamTimings', { ttlSeconds: 86_401 }));
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toBe('ttlSeconds takes a number of seconds from 0 to 86400; got 86401.');
    expect(expectError(await call('app.setUpstreamTimings', { timeoutSeconds: '5' })).message).toContain(
      'timeoutSeconds takes a number of seconds from 0.1 to 86400',
    );
    expect(fixture.service.upstreamTimings.describe(), 'a refused change changes nothing').toEqual({
      timeoutSeconds: 2.5,
      ttlSeconds: 0,
    });
  });

  it('app.saveAsset answers with an error where no save dialog exists', async () => {
    const error = expectError(await call('app.saveAsset', { asset: 'x' }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('/console/asset');
  });
});

it('rejects a second registration on the same ipcMain, as Electron does', () => {
  expect(() =>
    registerOperationBridge(ipc, {
      invoke: vi.fn() as unknown as Invoke,
      isTrustedSender: () => true,
      app: createAppOperations({
        status: () => fixture.service.status(),
        credentials: () => fixture.service.credentials,
        rotateCredentials: () => fixture.service.rotateCredentials(),
      }),
    }),
  ).toThrow(/second handler/);
});
