/**
 * app.listDistTags against a real service: npm packages published over the npm endpoint, their
 * dist-tags read through the desktop bridge (fake ipcMain) and through the web console's HTTP
 * transport, both of which share one dispatch. Tags follow the engine as they change; names, format
 * and missing packages are refused with the engine's own errors.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { tmpdir } from 'node:os';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../src/main/engine/context';
import { setDistTag } from '../../src/main/engine/packages/dist-tags';
import { createAppOperations } from '../../src/main/ipc/app-operations';
import { registerOperationBridge } from '../../src/main/ipc/bridge';
import { createTrustedSenderCheck } from '../../src/main/ipc/trusted-sender';
import { operationChannel, type Envelope } from '../../src/shared/app-operations';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { npmFixture } from '../clients/npm/tarball-writer';
import { consoleCall, errorOf, valueOf } from '../console/console-http';
import { makeRendererBuild, type RendererBuild } from '../console/renderer-build';
import { consoleToken, startTestService, type ServiceFixture } from '../console/service-fixture';
import { FakeIpcMain } from './fake-ipc-main';

const appPage = pathToFileURL(path.join(tmpdir(), 'artifact-desk-app', 'out', 'renderer', 'index.html')).href;
const target = { domain: 'team', repository: 'web', format: 'npm', package: 'widget-kit' };

let build: RendererBuild;
let fixture: ServiceFixture;
let ipc: FakeIpcMain;
let engine: EngineContext;

function viaBridge(input: unknown): Promise<Envelope<unknown>> {
  return ipc.invoke(operationChannel, appPage, 'app.listDistTags', input) as Promise<Envelope<unknown>>;
}

function bridgeValue(envelope: Envelope<unknown>): unknown {
  if (!envelope.ok)
    throw new Error(`expected success, got ${envelope.error.name}: ${envelope.error.message}`);
  return envelope.value;
}

function bridgeError(envelope: Envelope<unknown>): { name: string; message: string } {
  if (envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

beforeAll(async () => {
  build = await makeRendererBuild();
  fixture = await startTestService({ rendererDir: build.rendererDir });
  const service = fixture.service;
  engine = {
    store: service.store,
    config: { accountId: service.accountId, region: service.region, endpointUrl: () => service.url },
    now: () => new Date(),
  };
  ipc = new FakeIpcMain();
  registerOperationBridge(ipc, {
    invoke: service.invoke,
    isTrustedSender: createTrustedSenderCheck({ rendererIndexUrl: appPage }),
    app: createAppOperations({
      status: () => ({ ...service.status(), mode: 'desktop' }),
      credentials: () => service.credentials,
      rotateCredentials: () => service.rotateCredentials(),
      engine,
    }),
  });

  const client = fixture.client();
  await client.send(new CreateDomainCommand({ domain: 'team' }));
  await client.send(new CreateRepositoryCommand({ domain: 'team', repository: 'web' }));
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain: 'team' }));
  const { repositoryEndpoint } = await client.send(
    new GetRepositoryEndpointCommand({ domain: 'team', repository: 'web', format: 'npm' }),
  );
  await npmPublish(
    repositoryEndpoint ?? '',
    authorizationToken ?? '',
    npmFixture('widget-kit', '1.0.0', 'one'),
    'latest',
  );
  await npmPublish(
    repositoryEndpoint ?? '',
    authorizationToken ?? '',
    npmFixture('widget-kit', '2.0.0-beta.1', 'two'),
    'next',
  );
  await npmPublish(
    repositoryEndpoint ?? '',
    authorizationToken ?? '',
    npmFixture('@team/ui', '3.1.0', 'ui'),
    'latest',
  );
});

afterAll(async () => {
  await fixture?.close();
  await build?.remove();
});

describe('app.listDistTags', () => {
  it('answers every dist-tag of an npm package through the desktop bridge', async () => {
    expect(bridgeValue(await viaBridge(target))).toEqual({ latest: '1.0.0', next: '2.0.0-beta.1' });
    expect(bridgeValue(await viaBridge({ ...target, namespace: 'team', package: 'ui' }))).toEqual({
      latest: '3.1.0',
    });
  });

  it('answers the same through the web console transport', async () => {
    const answer = await consoleCall(fixture.service.url, 'app.listDistTags', target, consoleToken);
    expect(answer.status).toBe(200);
    expect(valueOf(answer)).toEqual({ latest: '1.0.0', next: '2.0.0-beta.1' });
  });

  it('follows tags as they move', async () => {
    setDistTag(engine, { ...target, tag: 'stable', version: '1.0.0' });
    setDistTag(engine, { ...target, tag: 'latest', version: '2.0.0-beta.1' });
    expect(bridgeValue(await viaBridge(target))).toEqual({
      latest: '2.0.0-beta.1',
      next: '2.0.0-beta.1',
      stable: '1.0.0',
    });
  });

  it('refuses other formats, missing packages and missing names with the engine’s errors', async () => {
    const generic = bridgeError(await viaBridge({ ...target, format: 'generic', namespace: 'tools' }));
    expect(generic.name).toBe('ValidationException');
    expect(generic.message).toMatch(/npm/);

    const missing = bridgeError(await viaBridge({ ...target, package: 'no-such-package' }));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toContain('no-such-package');

    const noRepository = bridgeError(
      await viaBridge({ domain: 'team', format: 'npm', package: 'widget-kit' }),
    );
    expect(noRepository.name).toBe('ValidationException');

    const overConsole = await consoleCall(
      fixture.service.url,
      'app.listDistTags',
      { ...target, domain: 'nowhere' },
      consoleToken,
    );
    expect(errorOf(overConsole).name).toBe('ResourceNotFoundException');
  });

  it('says so when no engine is attached', async () => {
    const bare = createAppOperations({
      status: () => fixture.service.status(),
      credentials: () => fixture.service.credentials,
      rotateCredentials: () => fixture.service.rotateCredentials(),
    });
    await expect(bare['app.listDistTags'](target)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('app.listDistTags') as unknown,
    });
  });
});
