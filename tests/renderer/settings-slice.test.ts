import { describe, expect, it } from 'vitest';
import { memoryPreferences } from '../../src/renderer/src/store/app-store';
import { deferred, serviceError, storeWith } from './fake-api';

describe('settings slice', () => {
  it('loads the service status, showing loading first', async () => {
    const gate = deferred<void>();
    const { store } = storeWith({
      'app.status': async () => {
        await gate.promise;
        return { endpoint: 'http://127.0.0.1:5484', accountId: '111122223333', region: 'us-east-1' };
      },
    });
    const loading = store.getState().loadAppStatus();
    expect(store.getState().appStatus.status).toBe('loading');
    gate.resolve();
    await loading;
    expect(store.getState().appStatus).toMatchObject({
      status: 'ready',
      value: { accountId: '111122223333' },
    });
  });

  it('reveals, hides and rotates the access key', async () => {
    let secret = 'first-secret';
    const { store, api } = storeWith({
      'app.credentials': () => ({ accessKeyId: 'AKIALOCAL', secretAccessKey: secret }),
      'app.rotateCredentials': () => {
        secret = 'second-secret';
        return { accessKeyId: 'AKIANEW', secretAccessKey: secret };
      },
    });
    expect(store.getState().credentials.value).toBeUndefined();
    await store.getState().revealCredentials();
    expect(store.getState().credentials.value).toEqual({
      accessKeyId: 'AKIALOCAL',
      secretAccessKey: 'first-secret',
    });
    store.getState().hideCredentials();
    expect(store.getState().credentials.value).toBeUndefined();
    await store.getState().rotateCredentials();
    expect(store.getState().credentials.value?.accessKeyId).toBe('AKIANEW');
    expect(api.callsOf('app.rotateCredentials')).toHaveLength(1);
  });

  it('shows failures verbatim', async () => {
    const { store } = storeWith({
      'app.status': () => {
        throw serviceError(
          'NetworkError',
          'The Artifact Desk service at http://127.0.0.1:5484 is not reachable (fetch failed).',
        );
      },
      'app.rotateCredentials': () => {
        throw serviceError('InternalServerException', 'Could not write the identity file.');
      },
    });
    await store.getState().loadAppStatus();
    expect(store.getState().appStatus.error?.message).toBe(
      'The Artifact Desk service at http://127.0.0.1:5484 is not reachable (fetch failed).',
    );
    await store.getState().rotateCredentials();
    expect(store.getState().credentials.error).toEqual({
      name: 'InternalServerException',
      message: 'Could not write the identity file.',
    });
  });

  it('remembers the theme between starts', () => {
    const preferences = memoryPreferences();
    const first = storeWith({}, preferences).store;
    expect(first.getState().theme).toBe('system');
    first.getState().setTheme('dark');
    expect(storeWith({}, preferences).store.getState().theme).toBe('dark');
    expect(storeWith({}, memoryPreferences({ 'artifact-desk.theme': 'purple' })).store.getState().theme).toBe(
      'system',
    );
  });
});
