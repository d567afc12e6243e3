/**
 * An in-process service for the IPC and console suites: startService on 127.0.0.1 with a free port
 * and a fresh temp data directory, optionally with the web console mounted on a renderer folder the
 * test provides, plus SDK clients signed with its current credentials.
 */
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { startService, type RunningService } from '../../src/main/service/service';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

export const consoleToken = 'console-token-for-tests-0123456789';

export interface ServiceFixture {
  readonly service: RunningService;
  readonly dataDir: string;
  /** An SDK client; signs with the credentials the service accepts now unless given others. */
  client(credentials?: { accessKeyId: string; secretAccessKey: string }): CodeartifactClient;
  close(): Promise<void>;
}

export async function startTestService(options: { rendererDir?: string } = {}): Promise<ServiceFixture> {
  const dataDir = await makeTempDir('artifact-desk-ui-');
  let service: RunningService;
  try {
    service = await startService({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      accountId: '123456789012',
      ...(options.rendererDir !== undefined
        ? { console: { token: consoleToken, rendererDir: options.rendererDir } }
        : {}),
    });
  } catch (error) {
    await removeDir(dataDir);
    throw error;
  }
  const clients: CodeartifactClient[] = [];
  return {
    service,
    dataDir,
    client(credentials) {
      const client = new CodeartifactClient({
        endpoint: service.url,
        region: service.region,
        // A copy: the SDK marks the object it is given with where the credentials came from.
        credentials: { ...(credentials ?? service.credentials) },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      try {
        await service.stop();
      } finally {
        await removeDir(dataDir);
      }
    },
  };
}
