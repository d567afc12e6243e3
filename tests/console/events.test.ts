/**
 * The console's event stream: token required (as a query parameter, since EventSource cannot set
 * headers), the current server status first, a store-changed message after a write from any client,
 * and a clean end — announced — when the service stops, without holding the shutdown up.
 */
import http from 'node:http';
import { CreateDomainCommand } from '@aws-sdk/client-codeartifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/app-events';
import { consoleEventsPath } from '../../src/shared/console-protocol';
import { parseWire } from '../../src/shared/wire-codec';
import { rawHttp } from './console-http';
import { makeRendererBuild, type RendererBuild } from './renderer-build';
import { consoleToken, startTestService, type ServiceFixture } from './service-fixture';

let build: RendererBuild;
let fixture: ServiceFixture;

beforeEach(async () => {
  build = await makeRendererBuild();
  fixture = await startTestService({ rendererDir: build.rendererDir });
});

afterEach(async () => {
  await fixture.close();
  await build.remove();
});

interface EventStream {
  readonly headers: http.IncomingHttpHeaders;
  readonly raw: () => string;
  /** Resolves with the events received so far once `predicate` holds for them. */
  until(predicate: (events: AppEvent[]) => boolean, timeoutMs?: number): Promise<AppEvent[]>;
  readonly ended: Promise<void>;
  /** Drops the connection, as a closed browser tab does. */
  cancel(): void;
}

/** A plain node:http reader of the stream: one connection, closed exactly when the test says. */
async function openStream(token: string): Promise<EventStream> {
  const target = new URL(fixture.service.url);
  const req = http.get({
    host: target.hostname,
    port: target.port,
    path: `${consoleEventsPath}?token=${encodeURIComponent(token)}`,
    agent: false,
  });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  if (res.statusCode !== 200) throw new Error(`events answered ${res.statusCode}`);
  res.setEncoding('utf8');
  let pending = '';
  let raw = '';
  const events: AppEvent[] = [];
  res.on('data', (chunk: string) => {
    pending += chunk;
    let cut: number;
    while ((cut = pending.indexOf('\n\n')) >= 0) {
      const message = pending.slice(0, cut);
      pending = pending.slice(cut + 2);
      raw += `${message}\n\n`;
      const data = message.split('\n').find((line) => line.startsWith('data: '));
      if (data) events.push(parseWire(data.slice(6)) as AppEvent);
    }
  });
  const ended = new Promise<void>((resolve) => res.on('close', resolve));
  return {
    headers: res.headers,
    raw: () => raw,
    async until(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`events so far: ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return [...events];
    },
    ended,
    cancel: () => req.destroy(),
  };
}

describe('console events', () => {
  it('refuse a missing or wrong token with 401, and the bearer header alone is not enough', async () => {
    expect((await rawHttp(fixture.service.url, 'GET', consoleEventsPath)).status).toBe(401);
    expect(
      (await rawHttp(fixture.service.url, 'GET', `${consoleEventsPath}?token=nope-nope-nope-nope`)).status,
    ).toBe(401);
    const header = await rawHttp(fixture.service.url, 'GET', consoleEventsPath, {
      Authorization: `Bearer ${consoleToken}`,
    });
    expect(header.status).toBe(401);
  });

  it('start with the server status, then report writes made through the SDK', async () => {
    const stream = await openStream(consoleToken);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['x-frame-options']).toBe('DENY');
    const first = await stream.until((events) => events.length >= 1);
    expect(first[0]).toEqual({ type: 'server-status', state: 'running', endpoint: fixture.service.url });
    expect(stream.raw()).toMatch(/^retry: \d+\n\n/);

    await fixture.client().send(new CreateDomainCommand({ domain: 'pushed' }));
    const after = await stream.until((events) => events.some((event) => event.type === 'store-changed'));
    expect(after).toContainEqual({ type: 'store-changed', revision: 1 });
    stream.cancel();
  });

  it('stop listening when the browser goes away', async () => {
    const stream = await openStream(consoleToken);
    await stream.until((events) => events.length >= 1);
    stream.cancel();
    await stream.ended;
    // Writes after the tab is gone go nowhere and hurt nothing; the stop does not wait on the stream.
    await fixture.service.invoke('CreateDomain', { domain: 'after-close' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await fixture.service.stop();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('announce the stop and end, so the service stops without waiting on open streams', async () => {
    const streams = [await openStream(consoleToken), await openStream(consoleToken)];
    for (const stream of streams) await stream.until((events) => events.length >= 1);
    const started = Date.now();
    await fixture.service.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    for (const stream of streams) {
      await stream.ended;
      const events = await stream.until(() => true);
      expect(events.at(-1)).toEqual({ type: 'server-status', state: 'stopping' });
    }
  });
});
