/**
 * Talking to the web console the way the renderer's HTTP transport does (fetch, bearer token, wire
 * codec), plus raw node:http requests whose paths go out exactly as written — fetch would tidy
 * away the `..` segments the path traversal tests need to send.
 */
import http from 'node:http';
import type { Envelope } from '../../src/shared/app-operations';
import { consoleApiPrefix } from '../../src/shared/console-protocol';
import { parseWire, stringifyWire } from '../../src/shared/wire-codec';

export interface ConsoleAnswer {
  status: number;
  headers: Headers;
  envelope: Envelope<unknown>;
}

export async function consoleCall(
  endpoint: string,
  operation: string,
  input: unknown,
  token: string | undefined,
): Promise<ConsoleAnswer> {
  const response = await fetch(`${endpoint}${consoleApiPrefix}${encodeURIComponent(operation)}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: stringifyWire(input),
  });
  return {
    status: response.status,
    headers: response.headers,
    envelope: parseWire(await response.text()) as Envelope<unknown>,
  };
}

export function valueOf<T>(answer: ConsoleAnswer): T {
  if (!answer.envelope.ok) {
    throw new Error(`expected success, got ${answer.envelope.error.name}: ${answer.envelope.error.message}`);
  }
  return answer.envelope.value as T;
}

export function errorOf(answer: ConsoleAnswer): {
  name: string;
  message: string;
  fields?: Record<string, unknown>;
} {
  if (answer.envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(answer.envelope.value)}`);
  return answer.envelope.error as { name: string; message: string; fields?: Record<string, unknown> };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function rawHttp(
  endpoint: string,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: Buffer | string,
): Promise<RawAnswer> {
  const target = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer for ${method} ${path} within 15 s`)));
    req.end(body);
  });
}
