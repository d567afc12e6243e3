/**
 * Events from main: a `store-changed` notice after writes from any front door (here the SDK over
 * HTTP and the engine directly), none after reads or failed writes, bursts coalesced; windows get
 * the events only while alive and showing the app's page.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeDomainCommand,
  ListDomainsCommand,
} from '@aws-sdk/client-codeartifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardAppEvents, type EventWindowLike } from '../../src/main/ipc/event-forwarder';
import { createAppEventHub } from '../../src/main/service/app-event-hub';
import type { AppEvent } from '../../src/shared/app-events';
import { eventChannel } from '../../src/shared/app-operations';
import { startTestService, type ServiceFixture } from '../console/service-fixture';

let fixture: ServiceFixture;
let seen: AppEvent[];
let stopListening: () => void;

async function settle(ms = 150): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

beforeEach(async () => {
  fixture = await startTestService();
  seen = [];
  stopListening = fixture.service.events.subscribe((event) => seen.push(event));
});

afterEach(async () => {
  stopListening();
  await fixture.close();
});

describe('store-changed', () => {
  it('follows a write made through the SDK, once it is durable', async () => {
    await fixture.client().send(new CreateDomainCommand({ domain: 'from-sdk' }));
    await settle();
    expect(seen).toEqual([{ type: 'store-changed', revision: 1 }]);
  });

  it('is not sent for reads or for writes the engine refused', async () => {
    const client = fixture.client();
    await client.send(new ListDomainsCommand({}));
    await expect(client.send(new DescribeDomainCommand({ domain: 'missing' }))).rejects.toThrow();
    await expect(
      client.send(new CreateRepositoryCommand({ domain: 'missing', repository: 'r' })),
    ).rejects.toThrow();
    await settle();
    expect(seen).toEqual([]);
  });

  it('coalesces a burst of writes into few notices with growing revisions', async () => {
    const writes = Array.from({ length: 20 }, (_, i) =>
      fixture.service.invoke('CreateDomain', { domain: `burst-${i}` }),
    );
    await Promise.all(writes);
    await settle();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThan(5);
    expect(seen.map((event) => (event.type === 'store-changed' ? event.revision : -1))).toEqual(
      seen.map((_, i) => i + 1),
    );
  });

  it('announces the stop of the service as server-status stopping', async () => {
    await fixture.service.stop();
    expect(seen).toContainEqual({ type: 'server-status', state: 'stopping' });
  });
});

describe('event forwarding to windows', () => {
  function fakeWindow(url: string, destroyed = false): EventWindowLike & { sent: [string, unknown][] } {
    const sent: [string, unknown][] = [];
    return {
      sent,
      isDestroyed: () => destroyed,
      webContents: { send: (c, p) => sent.push([c, p]), getURL: () => url },
    };
  }

  it('sends every event on the event channel to live windows showing the app page only', () => {
    const hub = createAppEventHub();
    const app = fakeWindow('file:///app/index.html');
    const gone = fakeWindow('file:///app/index.html', true);
    const stranger = fakeWindow('https://attacker.invalid/');
    const stop = forwardAppEvents(
      hub,
      () => [app, gone, stranger],
      (url) => url === 'file:///app/index.html',
    );
    const event: AppEvent = {
      type: 'job-progress',
      jobId: 'j1',
      title: 'Copy',
      state: 'running',
      done: 1,
      total: 4,
    };
    hub.emit(event);
    expect(app.sent).toEqual([[eventChannel, event]]);
    expect(gone.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);
    stop();
    hub.emit({ type: 'store-changed', revision: 9 });
    expect(app.sent).toHaveLength(1);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const logs: string[] = [];
    const hub = createAppEventHub((message) => logs.push(message));
    const received: AppEvent[] = [];
    hub.subscribe(() => {
      throw new Error('listener bug');
    });
    hub.subscribe((event) => received.push(event));
    hub.emit({ type: 'store-changed', revision: 1 });
    expect(received).toHaveLength(1);
    expect(logs).toEqual(['a listener failed on store-changed']);
  });
});
