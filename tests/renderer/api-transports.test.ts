import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../src/shared/app-events';
import type { Envelope } from '../../src/shared/app-operations';
import type { DesktopBridge } from '../../src/shared/desktop-bridge';
import { stringifyWire } from '../../src/shared/wire-codec';
import { createApi } from '../../src/renderer/src/api/api';
import { ApiError } from '../../src/renderer/src/api/api-error';
import { createBridgeTransport, findDesktopBridge } from '../../src/renderer/src/api/bridge-transport';
import { takeConsoleToken } from '../../src/renderer/src/api/console-token';
import { createConsoleTransport, type EventSourceLike } from '../../src/renderer/src/api/console-transport';

function consoleFixture(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const streams: { url: string; listeners: ((event: { data?: unknown }) => void)[]; closed: boolean }[] = [];
  let unauthorized = 0;
  const transport = createConsoleTransport({
    baseUrl: 'http://127.0.0.1:5484',
    token: () => 'console-secret',
    fetch: (async (url: string, init: RequestInit) => {
      requests.push({ url, init });
      return respond(url, init);
    }) as typeof fetch,
    openEvents: (url) => {
      const stream = { url, listeners: [] as ((event: { data?: unknown }) => void)[], closed: false };
      streams.push(stream);
      const source: EventSourceLike = {
        addEventListener: (_type, listener) => stream.listeners.push(listener),
        close: () => {
          stream.closed = true;
        },
      };
      return source;
    },
    onUnauthorized: () => {
      unauthorized += 1;
    },
  });
  return { api: createApi(transport), requests, streams, unauthorized: () => unauthorized };
}

const json = (value: unknown, status = 200) =>
  new Response(stringifyWire(value), { status, headers: { 'content-type': 'application/json' } });

describe('console transport', () => {
  it('posts the operation with the bearer token and decodes dates in the answer', async () => {
    const created = new Date('2024-05-01T10:00:00Z');
    const { api, requests } = consoleFixture(() =>
      json({ ok: true, value: { domain: { name: 'team', createdTime: created } } }),
    );
    const result = await api.invoke('CreateDomain', { domain: 'team' });
    expect(result.domain?.createdTime).toEqual(created);
    expect(requests[0]?.url).toBe('http://127.0.0.1:5484/console/api/CreateDomain');
    expect(requests[0]?.init.method).toBe('POST');
    expect((requests[0]?.init.headers as Record<string, string>)['authorization']).toBe(
      'Bearer console-secret',
    );
    expect(JSON.parse(String(requests[0]?.init.body))).toEqual({ domain: 'team' });
  });

  it('turns an error envelope into an ApiError with name, message and fields verbatim', async () => {
    const { api } = consoleFixture(() =>
      json({
        ok: false,
        error: {
          name: 'ConflictException',
          message: 'Domain team already exists.',
          fields: { resourceId: 'team' },
        },
      }),
    );
    const failure = await api.invoke('CreateDomain', { domain: 'team' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      name: 'ConflictException',
      message: 'Domain team already exists.',
      fields: { resourceId: 'team' },
    });
  });

  it('reports a refused token so the app can ask for the right one', async () => {
    const { api, unauthorized } = consoleFixture(() =>
      json(
        {
          ok: false,
          error: { name: 'UnauthorizedException', message: 'The console token is missing or wrong.' },
        },
        401,
      ),
    );
    await expect(api.invoke('ListDomains', {})).rejects.toMatchObject({
      name: 'UnauthorizedException',
      message: 'The console token is missing or wrong.',
    });
    expect(unauthorized()).toBe(1);
  });

  it('explains a service that cannot be reached and a non-envelope answer', async () => {
    const down = consoleFixture(() => {
      throw new TypeError('fetch failed');
    });
    await expect(down.api.invoke('ListDomains', {})).rejects.toMatchObject({
      name: 'NetworkError',
      message: 'The Artifact Desk service at http://127.0.0.1:5484 is not reachable (fetch failed).',
    });
    const odd = consoleFixture(() => new Response('Service Unavailable', { status: 503 }));
    await expect(odd.api.invoke('ListDomains', {})).rejects.toMatchObject({
      message: 'The console answered HTTP 503: Service Unavailable',
    });
  });

  it('downloads an asset as bytes from /console/asset', async () => {
    const { api, requests } = consoleFixture(() => new Response(new Uint8Array([1, 2, 3]), { status: 200 }));
    const blob = await api.download({
      domain: 'team',
      repository: 'app',
      format: 'generic',
      namespace: 'ns',
      package: 'cli',
      packageVersion: '1.0',
      asset: 'cli.bin',
    });
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    const url = new URL(requests[0]?.url ?? '');
    expect(url.pathname).toBe('/console/asset');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      domain: 'team',
      repository: 'app',
      format: 'generic',
      namespace: 'ns',
      package: 'cli',
      version: '1.0',
      asset: 'cli.bin',
    });
    const failing = consoleFixture(() =>
      json({ ok: false, error: { name: 'ConflictException', message: 'Version 1.0 is Archived.' } }, 409),
    );
    await expect(
      failing.api.download({
        domain: 'd',
        repository: 'r',
        format: 'generic',
        namespace: 'n',
        package: 'p',
        packageVersion: '1.0',
        asset: 'a',
      }),
    ).rejects.toMatchObject({
      message: 'Version 1.0 is Archived.',
    });
  });

  it('delivers server-sent events by type, ignores junk, and closes the stream when nobody listens', () => {
    const { api, streams } = consoleFixture(() => json({ ok: true, value: {} }));
    const changes: AppEvent[] = [];
    const stop = api.on('store-changed', (event) => changes.push(event));
    expect(streams[0]?.url).toBe('http://127.0.0.1:5484/console/events?token=console-secret');
    const send = (data: unknown) => streams[0]?.listeners.forEach((listener) => listener({ data }));
    send(JSON.stringify({ type: 'store-changed', revision: 4 }));
    send(
      JSON.stringify({ type: 'job-progress', jobId: 'j', title: 't', state: 'running', done: 0, total: 1 }),
    );
    send('not json');
    send(JSON.stringify({ type: 'unknown' }));
    expect(changes).toEqual([{ type: 'store-changed', revision: 4 }]);
    stop();
    expect(streams[0]?.closed).toBe(true);
  });
});

describe('desktop bridge transport', () => {
  it('passes operations and envelopes through, saves assets in main, and forwards events', async () => {
    const listeners = new Map<string, (event: AppEvent) => void>();
    const invoke = vi.fn(async (operation: string): Promise<Envelope<unknown>> =>
      operation === 'DeleteDomain'
        ? { ok: false, error: { name: 'ConflictException', message: 'Domain team has repositories.' } }
        : {
            ok: true,
            value: operation === 'app.saveAsset' ? { saved: true, path: '/tmp/x' } : { domains: [] },
          },
    );
    const bridge = {
      invoke,
      on: (type: string, listener: (event: AppEvent) => void) => {
        listeners.set(type, listener);
        return () => listeners.delete(type);
      },
    } as unknown as DesktopBridge;
    expect(findDesktopBridge({ artifactDesk: bridge })).toBe(bridge);
    expect(findDesktopBridge({})).toBeUndefined();
    const api = createApi(createBridgeTransport(bridge));
    expect(await api.invoke('ListDomains', {})).toEqual({ domains: [] });
    await expect(api.invoke('DeleteDomain', { domain: 'team' })).rejects.toMatchObject({
      message: 'Domain team has repositories.',
    });
    const request = {
      domain: 'd',
      repository: 'r',
      format: 'generic' as const,
      namespace: 'n',
      package: 'p',
      packageVersion: '1',
      asset: 'a',
    };
    expect(await api.download(request)).toBeUndefined();
    expect(invoke).toHaveBeenCalledWith('app.saveAsset', request);
    const seen: unknown[] = [];
    const stop = api.on('server-status', (event) => seen.push(event));
    listeners.get('server-status')?.({
      type: 'server-status',
      state: 'running',
      endpoint: 'http://127.0.0.1:1',
    });
    expect(seen).toEqual([{ type: 'server-status', state: 'running', endpoint: 'http://127.0.0.1:1' }]);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe('console token', () => {
  it('takes the token from the URL once, keeps it for the tab and removes it from the address', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    };
    const replaced: (string | null | undefined)[] = [];
    const history = {
      replaceState: (_data: unknown, _unused: string, url?: string | null) => void replaced.push(url),
    };
    expect(takeConsoleToken('http://127.0.0.1:5484/?token=abc123&x=1#/d/team/graph', history, storage)).toBe(
      'abc123',
    );
    expect(replaced).toEqual(['/?x=1#/d/team/graph']);
    expect(takeConsoleToken('http://127.0.0.1:5484/#/', history, storage)).toBe('abc123');
    expect(replaced).toHaveLength(1);
  });
});
