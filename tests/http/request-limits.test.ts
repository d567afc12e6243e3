/**
 * The server's bounds on slow and greedy clients: a body that trickles in is cut by the timeout, an
 * upload beyond the concurrency limit answers 429, a request whose headers never finish is closed,
 * and a client that hangs up is logged once as a disconnect, without the query string.
 */
import { connect, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerHandle } from '../../src/main/http';
import type { HttpLimits } from '../../src/main/http/request-limits';

let server: HttpServerHandle | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

/** A handler that reads the whole body, then answers with its length. */
async function consumeBody(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let length = 0;
  for await (const chunk of req) length += (chunk as Buffer).length;
  res.end(String(length));
  return true;
}

async function start(limits: Partial<HttpLimits>, logged: string[] = []): Promise<number> {
  server = createHttpServer({
    invoke: () => Promise.reject(new Error('not used')),
    credentials: [],
    region: 'us-east-1',
    limits,
    handlers: [consumeBody],
    log: (message) => logged.push(message),
  });
  const { url } = await server.listen(0);
  return Number(new URL(url).port);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.once('close', () => resolve(text));
  });
}

const uploadHead = (length: number, path = '/upload?token=SECRET-VALUE'): string =>
  `PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\n\r\n`;

describe('request limits', () => {
  it('closes every connection whose body trickles in slower than the minimum rate', async () => {
    const logged: string[] = [];
    const port = await start({ bodyWindowMs: 150, minBodyBytesPerWindow: 1024 }, logged);
    const trickling = await Promise.all(Array.from({ length: 20 }, () => open(port)));
    const timers: NodeJS.Timeout[] = [];
    const ends = trickling.map((socket) => {
      const end = closed(socket);
      socket.write(uploadHead(100_000));
      timers.push(setInterval(() => socket.writable && socket.write('x'), 20));
      return end;
    });
    await Promise.all(ends);
    for (const timer of timers) clearInterval(timer);
    expect(logged.length, 'each cut connection is logged once').toBe(20);
    expect(logged[0]).toMatch(/slower than 1024 bytes/);
    expect(logged.join('\n'), 'the log never carries the query string').not.toContain('SECRET-VALUE');
  });

  it('lets a slow upload that keeps sending enough finish', async () => {
    const port = await start({ bodyWindowMs: 100, minBodyBytesPerWindow: 64 });
    const socket = await open(port);
    const answer = closed(socket);
    socket.write(uploadHead(4096).replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nConnection: close\r\n'));
    for (let sent = 0; sent < 4096; sent += 512) {
      socket.write('y'.repeat(512));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(await answer).toMatch(/^HTTP\/1\.1 200[\s\S]*4096$/);
  });

  it('answers 429 to an upload beyond the concurrency limit', async () => {
    const port = await start({ maxConcurrentUploads: 1 });
    const first = await open(port);
    first.write(uploadHead(1_000_000));
    first.write('z'.repeat(1000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await open(port);
    const answer = closed(second);
    second.write(uploadHead(1_000_000));
    expect(await answer).toMatch(/^HTTP\/1\.1 429[\s\S]*ThrottlingException/);
  });

  it('closes a connection whose headers never finish', async () => {
    const port = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const socket = await open(port);
    const answer = closed(socket);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const text = await answer;
    expect(text === '' || text.startsWith('HTTP/1.1 408'), `closed with: ${text}`).toBe(true);
  });

  it('logs a client that hangs up mid-upload once, as a disconnect', async () => {
    const logged: string[] = [];
    const port = await start({}, logged);
    const socket = await open(port);
    socket.write(uploadHead(10_000));
    socket.write('a'.repeat(100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expect.poll(() => logged.length).toBe(1);
    expect(logged[0]).toMatch(/^PUT \/upload: the client disconnected/);
    expect(logged[0]).not.toMatch(/failed|SECRET/);
  });
});
