/**
 * Headless entry point: `artifact-desk serve …` runs the same local service as the desktop app,
 * without Electron, for CI, servers and scripts. Plain Node; never imports electron.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkConsoleToken, generateConsoleToken } from './console/console-token';
import { rendererDirFor } from './console/renderer-dir';
import { defaultHost, defaultPort, startService, type RunningService } from './service/service';

const usage = `Usage: artifact-desk serve [options]

Runs the Artifact Desk service (the CodeArtifact API and package endpoints) without the desktop app.

Options:
  --port N                 port to listen on (default ${defaultPort}; 0 picks a free port)
  --host H                 address to bind (default ${defaultHost})
  --data-dir DIR           where the database and assets live (default ~/.artifact-desk)
  --account-id ID          12-digit account id, fixed at the first start of a data directory
  --region R               region, fixed at the first start of a data directory (default us-east-1)
  --access-key-id K        access key id that signs API requests (with --secret-access-key)
  --secret-access-key S    secret for that key; generated at first start and kept when not given
  --console-token T        token of the web console at / (default: a new random one each start)
  --external-upstream C=URL
                           upstream URL of external connection C (public:npmjs, public:pypi,
                           public:maven-central …); repeatable. Without it a connection uses the
                           user's own npm registry, pip index-url or Maven mirror of central
  --no-client-config       do not read the user's npm, pip and Maven configuration
  -h, --help               show this help
`;

function fail(message: string): never {
  process.stderr.write(`artifact-desk: ${message}\n`);
  process.exit(2);
}

function describe(service: RunningService, consoleToken: string, rendererDir: string): string {
  const consoleLines = [
    `  console:           ${service.consoleUrl ?? ''}`,
    `  console token:     ${consoleToken}`,
  ];
  if (!existsSync(join(rendererDir, 'index.html'))) {
    consoleLines.push('  (the console page is not built yet: run `npm run build` to open it)');
  }
  return [
    `Artifact Desk is serving the CodeArtifact API at ${service.url}`,
    `  endpoint:          ${service.url}`,
    `  data directory:    ${service.dataDir}`,
    `  account id:        ${service.accountId}`,
    `  region:            ${service.region}`,
    `  access key id:     ${service.credentials.accessKeyId}`,
    `  secret access key: ${service.credentials.secretAccessKey}`,
    ...consoleLines,
    '',
    'Point the AWS CLI or SDK at it, for example:',
    `  AWS_ACCESS_KEY_ID=${service.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${service.credentials.secretAccessKey} \\`,
    `  aws codeartifact list-domains --endpoint-url ${service.url} --region ${service.region}`,
    '',
  ].join('\n');
}

async function serve(args: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'account-id': { type: 'string' },
        region: { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'console-token': { type: 'string' },
        'external-upstream': { type: 'string', multiple: true },
        'no-client-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  let port = defaultPort;
  if (values.port !== undefined) {
    if (!/^[0-9]{1,5}$/.test(values.port) || Number(values.port) > 65535) {
      fail(`--port must be a number from 0 to 65535, got '${values.port}'`);
    }
    port = Number(values.port);
  }
  let consoleToken: string;
  try {
    consoleToken = checkConsoleToken(values['console-token'] ?? generateConsoleToken());
  } catch (error) {
    fail(`--console-token: ${(error as Error).message}`);
  }
  const externalUpstreams: Record<string, string> = {};
  for (const entry of values['external-upstream'] ?? []) {
    const separator = entry.indexOf('=');
    const connection = entry.slice(0, separator);
    if (
      separator <= 0 ||
      !/^public:[a-z0-9-]+$/.test(connection) ||
      !/^https?:\/\//.test(entry.slice(separator + 1))
    ) {
      fail(
        `--external-upstream takes CONNECTION=URL such as public:npmjs=http://127.0.0.1:4873/, got '${entry}'`,
      );
    }
    externalUpstreams[connection] = entry.slice(separator + 1);
  }
  const rendererDir = rendererDirFor(import.meta.url);
  let service: RunningService;
  try {
    service = await startService({
      dataDir: values['data-dir'] ?? join(homedir(), '.artifact-desk'),
      host: values.host ?? defaultHost,
      port,
      accountId: values['account-id'],
      region: values.region,
      accessKeyId: values['access-key-id'],
      secretAccessKey: values['secret-access-key'],
      console: { token: consoleToken, rendererDir },
      externalUpstreams,
      useClientConfig: values['no-client-config'] !== true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  process.stdout.write(describe(service, consoleToken, rendererDir));

  let exiting = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (exiting) return;
    exiting = true;
    process.stdout.write(`Received ${signal}; checkpointing and stopping.\n`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`artifact-desk: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(usage);
    return;
  }
  if (command !== 'serve') fail(`unknown command '${command}'\n\n${usage}`);
  await serve(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => fail((error as Error).stack ?? String(error)));
