/**
 * A real HTTP endpoint (createHttpServer on 127.0.0.1, random port) in front of a fake `invoke`
 * that records every call and answers with whatever the test scripted, plus SDK clients bound to it.
 */
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import type { OperationName } from '../../src/shared/operations';
import { createHttpServer, type HttpServerOptions } from '../../src/main/http';

export const accessKeyId = 'AKIAARTIFACTDESKTEST';
export const secretAccessKey = 'local-secret-key-for-tests-0123456789';
export const region = 'us-east-1';

export interface RecordedCall {
  operation: OperationName;
  input: Record<string, unknown>;
}

type Answer = (input: Record<string, unknown>) => unknown;

export interface Harness {
  url: string;
  calls: RecordedCall[];
  /** Who each call acted as, as the endpoint named it, in the order of `calls`. */
  actors: (string | undefined)[];
  logged: { message: string; error: unknown }[];
  /** Scripts the answer (or the throw) of `operation`; unscripted operations answer `{}`. */
  answer(operation: OperationName, answer: Answer): void;
  client(overrides?: { accessKeyId?: string; secretAccessKey?: string; region?: string }): CodeartifactClient;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<HttpServerOptions> = {}): Promise<Harness> {
  const calls: RecordedCall[] = [];
  const actors: (string | undefined)[] = [];
  const logged: { message: string; error: unknown }[] = [];
  const answers = new Map<OperationName, Answer>();
  const clients: CodeartifactClient[] = [];
  const http = createHttpServer({
    credentials: [{ accessKeyId, secretAccessKey }],
    region,
    log: (message, error) => logged.push({ message, error }),
    ...options,
    invoke: (async (operation: OperationName, input: Record<string, unknown>, actor?: string) => {
      calls.push({ operation, input });
      actors.push(actor);
      const answer = answers.get(operation);
      return answer ? await answer(input) : {};
    }) as HttpServerOptions['invoke'],
  });
  const { url } = await http.listen(0);
  return {
    url,
    calls,
    actors,
    logged,
    answer: (operation, answer) => answers.set(operation, answer),
    client(overrides = {}) {
      const client = new CodeartifactClient({
        endpoint: url,
        region: overrides.region ?? region,
        credentials: {
          accessKeyId: overrides.accessKeyId ?? accessKeyId,
          secretAccessKey: overrides.secretAccessKey ?? secretAccessKey,
        },
        // One attempt: a retried call would record twice and hide which answer the SDK saw.
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await http.close();
    },
  };
}
