/**
 * `serve`: runs the local service (the CodeArtifact API, the package endpoints and the web console)
 * without Electron, until SIGINT or SIGTERM, which checkpoint and stop it.
 */
import {
  upstreamTimingProblem,
  upstreamTimingRules,
  type UpstreamTimingName,
} from '../../shared/upstream-timings';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkConsoleToken, generateConsoleToken } from '../console/console-token';
import { defaultHost, defaultPort, startService, type RunningService } from '../service/service';
import { migrationProgressLine } from '../service/migration-progress';
import type { ExternalUpstreamInfo } from '../../shared/app-status';
import { notAskedYet } from '../external/external-upstreams';
import { CommandFailedError, CommandLineError, defineCommand, type OptionDefinition } from './command-line';

/** Shared by every command that works on a data directory. */
export const dataDirOption: OptionDefinition = {
  type: 'string',
  value: 'DIR',
  help: 'where the database and assets live (default ~/.artifact-desk)',
};

/** Shared by every command that names a domain. */
export const domainOwnerOption = {
  type: 'string',
  value: 'ID',
  help: "the domain owner's account id (default: this service's)",
} as const satisfies OptionDefinition;

/** Shared by every command that reaches external connections' upstreams. */
export const externalUpstreamOption = {
  type: 'string',
  value: 'C=URL',
  multiple: true,
  help: "upstream URL of external connection C (public:npmjs, public:pypi, public:maven-central, public:crates-io, public:ruby-gems-org, public:nuget-org …). Without it a connection uses what the user's own client names: npm config get registry, pip's index (pip config list, else pip's default), Maven's central (a mirror in settings.xml, else Maven's own default), the first of gem sources --list, the first v3 source of NuGet.Config, cargo's replacement of crates-io in config.toml",
} as const satisfies OptionDefinition;

export const noClientConfigOption = {
  type: 'boolean',
  help: "do not ask the user's npm, pip and Maven where they fetch from",
} as const satisfies OptionDefinition;

export function dataDirFrom(value: string | undefined): string {
  return value ?? join(homedir(), '.artifact-desk');
}

function portFrom(value: string | undefined): number {
  if (value === undefined) return defaultPort;
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) {
    throw new CommandLineError(`--port must be a number from 0 to 65535, got '${value}'`);
  }
  return Number(value);
}

export function externalUpstreamsFrom(entries: string[] | undefined): Record<string, string> {
  const upstreams: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const separator = entry.indexOf('=');
    const connection = entry.slice(0, separator);
    const url = entry.slice(separator + 1);
    if (separator <= 0 || !/^public:[a-z0-9-]+$/.test(connection) || !/^https?:\/\//.test(url)) {
      throw new CommandLineError(
        `--external-upstream takes CONNECTION=URL such as public:npmjs=http://127.0.0.1:4873/, got '${entry}'`,
      );
    }
    upstreams[connection] = url;
  }
  return upstreams;
}

/** `--upstream-timeout` / `--upstream-ttl`: seconds, as milliseconds. */
export function secondsFrom(name: UpstreamTimingName, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
  const problem = upstreamTimingProblem(name, seconds);
  if (problem) throw new CommandLineError(`${upstreamTimingRules[name].flag} ${problem}, got '${value}'`);
  return seconds * 1000;
}

/**
 * Which URL each external connection fetches from and where that came from; connections whose
 * client is asked at first use share one line until it has answered.
 */
function upstreamLines(infos: readonly ExternalUpstreamInfo[]): string {
  const later = infos.filter((info) => info.source === notAskedYet).map((info) => info.connection);
  const known = infos.filter((info) => info.source !== notAskedYet);
  const width = Math.max(0, ...known.map((info) => info.connection.length)) + 1;
  return [
    'External connections fetch from:',
    ...known.map(
      (info) => `  ${`${info.connection}:`.padEnd(width)} ${info.url ?? '(nothing)'}  [${info.source}]`,
    ),
    ...(later.length > 0 ? [`  ${later.join(', ')}: your own client's choice, asked at first use`] : []),
    '',
  ].join('\n');
}

function banner(service: RunningService, consoleToken: string, rendererDir: string): string {
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

/** What a start set aside or skipped in the journal, when anything. */
function recoveryLines(service: RunningService): string | undefined {
  const report = service.recovery;
  const damaged = report.discarded.filter((entry) => entry.keptAs !== undefined);
  if (damaged.length === 0 && report.skippedDamaged.length === 0) return undefined;
  return [
    'Journal recovery:',
    ...damaged.map(
      (entry) =>
        `  set aside: ${entry.file}: ${entry.reason}` +
        (entry.followingRecords !== undefined
          ? ` (${entry.followingRecords} intact record(s) followed)`
          : '') +
        ` -> ${entry.keptAs ?? ''}`,
    ),
    ...report.skippedDamaged.map((entry) => `  skipped safely: ${entry.file}: ${entry.reason}`),
    ...(report.reportFile ? [`  report: ${report.reportFile}`] : []),
    '',
  ].join('\n');
}

function stopOnSignals(service: RunningService): void {
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

export interface ServeContext {
  /** The built renderer the web console serves (found by the entry, which knows where it runs from). */
  rendererDir: string;
}

export const serveCommand = ({ rendererDir }: ServeContext) =>
  defineCommand({
    name: 'serve',
    summary: 'Runs the service (the CodeArtifact API and package endpoints) without the desktop app.',
    description:
      'Runs the Artifact Desk service (the CodeArtifact API, the package endpoints and the web console) without the desktop app, until SIGINT or SIGTERM.',
    options: {
      port: {
        type: 'string',
        value: 'N',
        help: `port to listen on (default ${defaultPort}; 0 picks a free port)`,
      },
      host: { type: 'string', value: 'H', help: `address to bind (default ${defaultHost})` },
      'data-dir': dataDirOption,
      'account-id': {
        type: 'string',
        value: 'ID',
        help: '12-digit account id, fixed at the first start of a data directory',
      },
      region: {
        type: 'string',
        value: 'R',
        help: 'region, fixed at the first start of a data directory (default us-east-1)',
      },
      'access-key-id': {
        type: 'string',
        value: 'K',
        help: 'access key id that signs API requests (with --secret-access-key)',
      },
      'secret-access-key': {
        type: 'string',
        value: 'S',
        help: 'secret for that key; generated at first start and kept when not given',
      },
      'console-token': {
        type: 'string',
        value: 'T',
        help: 'token of the web console at / (default: a new random one each start)',
      },
      'external-upstream': externalUpstreamOption,
      'no-client-config': noClientConfigOption,
      'recover-journal': {
        type: 'boolean',
        help: 'when the journal is damaged in the middle (start-up stops and says where), keep every transaction before the damage and set the rest aside, with a report in the data directory',
      },
      'log-requests': {
        type: 'boolean',
        help: 'print one line per answered request: the method, the path (without its query) and the status',
      },
      'upstream-timeout': {
        type: 'string',
        value: 'S',
        help: 'seconds an external upstream has to start answering (default 10, or what the Settings screen saved)',
      },
      'upstream-ttl': {
        type: 'string',
        value: 'S',
        help: "seconds an upstream's package metadata is used before it is asked again (default 300, or what the Settings screen saved); offline, the stored metadata is used as it is",
      },
    },
    async run({ values }) {
      const port = portFrom(values.port);
      let consoleToken: string;
      try {
        consoleToken = checkConsoleToken(values['console-token'] ?? generateConsoleToken());
      } catch (error) {
        throw new CommandLineError(`--console-token: ${(error as Error).message}`);
      }
      const externalUpstreams = externalUpstreamsFrom(values['external-upstream']);
      const timeoutMs = secondsFrom('timeoutSeconds', values['upstream-timeout']);
      const ttlMs = secondsFrom('ttlSeconds', values['upstream-ttl']);
      let service: RunningService;
      try {
        service = await startService({
          dataDir: dataDirFrom(values['data-dir']),
          host: values.host ?? defaultHost,
          port,
          accountId: values['account-id'],
          region: values.region,
          accessKeyId: values['access-key-id'],
          secretAccessKey: values['secret-access-key'],
          console: { token: consoleToken, rendererDir },
          externalUpstreams,
          useClientConfig: values['no-client-config'] !== true,
          // A client is asked at the first need of its connection (starting a JVM or Python costs
          // seconds of CPU), and its answer is printed then.
          onExternalUpstreamAnswer: (info) => process.stdout.write(upstreamLines([info])),
          recoverJournal: values['recover-journal'] === true,
          storage: { onMigration: (progress) => process.stdout.write(migrationProgressLine(progress)) },
          ...(values['log-requests'] === true
            ? { requestLog: (line: string) => process.stdout.write(`request: ${line}\n`) }
            : {}),
          upstreamPolicy: {
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
            ...(ttlMs !== undefined ? { ttlMs } : {}),
          },
        });
      } catch (error) {
        throw new CommandFailedError((error as Error).message, 2);
      }
      process.stdout.write(banner(service, consoleToken, rendererDir));
      const recovery = recoveryLines(service);
      if (recovery) process.stdout.write(recovery);
      process.stdout.write(upstreamLines(service.externalUpstreams.describe()));
      stopOnSignals(service);
    },
  });
