/**
 * The control endpoint: how commands run from a terminal (`artifact-desk backup`) reach the service
 * that holds a data directory. The service writes `control.json` (mode 0600: only the directory's
 * owner can read it, as with identity.json) with its URL and a token made at each start, and answers
 * `POST /artifact-desk/control/<action>` for requests that present that token. Replies stream one
 * JSON object per line: progress, then the result or the error.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { bearerToken, createTokenMatcher } from '../console/console-token';
import type { RouteHandler } from '../http';
import { readBody } from '../http/read-body';
import { writeFileAtomic } from './atomic-file';

export const controlFileName = 'control.json';
export const controlPathPrefix = '/artifact-desk/control/';

export interface ControlFile {
  readonly pid: number;
  readonly url: string;
  readonly token: string;
}

/** One line of a control reply. */
export type ControlLine =
  | { readonly progress: { readonly done: number; readonly total: number } }
  | { readonly result: unknown }
  | { readonly error: string };

export type ControlAction = (
  input: Record<string, unknown>,
  progress: (done: number, total: number) => void,
) => Promise<unknown>;

export function newControlToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeControlFile(dataDir: string, control: ControlFile): void {
  writeFileAtomic(join(dataDir, controlFileName), JSON.stringify(control) + '\n');
}

export function removeControlFile(dataDir: string): void {
  rmSync(join(dataDir, controlFileName), { force: true });
}

export function readControlFile(dataDir: string): ControlFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, controlFileName), 'utf8')) as Partial<ControlFile>;
    if (
      typeof parsed.url === 'string' &&
      typeof parsed.token === 'string' &&
      typeof parsed.pid === 'number'
    ) {
      return { pid: parsed.pid, url: parsed.url, token: parsed.token };
    }
  } catch {
    // Absent or unreadable: no service to ask.
  }
  return undefined;
}

function answer(res: ServerResponse, status: number, line: ControlLine): void {
  res.writeHead(status, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  res.end(JSON.stringify(line) + '\n');
}

export function createControlRoute(
  token: string,
  actions: Readonly<Record<string, ControlAction>>,
): RouteHandler {
  const matches = createTokenMatcher(token);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!url.startsWith(controlPathPrefix)) return false;
    const name = url.slice(controlPathPrefix.length).split('?')[0] ?? '';
    if (!matches(bearerToken(req.headers.authorization))) {
      answer(res, 403, { error: 'The control token is missing or wrong.' });
      return true;
    }
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (req.method !== 'POST' || !action) {
      answer(res, 404, { error: `No control action ${req.method ?? ''} ${name}.` });
      return true;
    }
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
      input = parsed as Record<string, unknown>;
    } catch {
      answer(res, 400, { error: 'The control request body must be a JSON object.' });
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    const send = (line: ControlLine) => {
      if (!res.writableEnded && !res.destroyed) res.write(JSON.stringify(line) + '\n');
    };
    try {
      send({ result: await action(input, (done, total) => send({ progress: { done, total } })) });
    } catch (error) {
      send({ error: error instanceof Error ? error.message : String(error) });
    }
    res.end();
    return true;
  };
}

/**
 * Runs a control action on the service named by `control`, reporting progress lines; resolves with
 * the result or rejects with the service's error message.
 */
export async function callControl(
  control: ControlFile,
  name: string,
  input: Record<string, unknown>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<unknown> {
  const response = await fetch(`${control.url}${controlPathPrefix}${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = response.body ? response.body.pipeThrough(new TextDecoderStream()) : undefined;
  let pending = '';
  let outcome: { result: unknown } | { error: string } | undefined;
  const take = (line: string) => {
    if (line.trim() === '') return;
    const parsed = JSON.parse(line) as ControlLine;
    if ('progress' in parsed) onProgress(parsed.progress.done, parsed.progress.total);
    else outcome = parsed;
  };
  if (text) {
    for await (const chunk of text) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(take);
    }
  }
  take(pending);
  if (!outcome) throw new Error(`The service at ${control.url} answered ${response.status} without a result`);
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome.result;
}
