/**
 * A lean uploader for the large-publish row: a process that loads only the SDK, as a command-line
 * uploader does, and publishes files through PublishPackageVersion with the file streamed from disk
 * in 1 MiB reads. Started by the row with `fork` (plain Node, no TypeScript loader); each message
 * from the row names one publish, and the answer carries that publish's wall time and the CPU this
 * process spent on it.
 */
import { CodeartifactClient, PublishPackageVersionCommand } from '@aws-sdk/client-codeartifact';
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const { endpoint, region, accessKeyId, secretAccessKey } = JSON.parse(process.argv[2] ?? '{}');
const client = new CodeartifactClient({
  endpoint,
  region,
  credentials: { accessKeyId, secretAccessKey },
  maxAttempts: 1,
});

/**
 * @param {{ op?: 'stop', file: string, input: Omit<import('@aws-sdk/client-codeartifact').PublishPackageVersionCommandInput, 'assetContent'> }} request
 */
async function publish(request) {
  if (request.op === 'stop') {
    client.destroy();
    process.disconnect();
    return;
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await client.send(
      new PublishPackageVersionCommand({
        ...request.input,
        assetContent: createReadStream(request.file, { highWaterMark: 1024 * 1024 }),
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    reply({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
  } catch (error) {
    reply({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

/** @param {{ ms?: number, cpuMs?: number, error?: string }} message */
function reply(message) {
  process.send?.(message);
}

process.on('message', (request) => void publish(/** @type {Parameters<typeof publish>[0]} */ (request)));
