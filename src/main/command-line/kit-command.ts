/**
 * `kit`: makes an offline kit without the desktop app. It starts the service on the data directory
 * (on a free loopback port, only for the kit's own requests), fetches everything the project file
 * lists through the repository's upstreams, prints the report and stops. Exit status 1 when
 * something is missing or differs from the lockfile's hashes, so scripts can act on it.
 */
import { readFile, stat } from 'node:fs/promises';
import { kitComplete, kitOutcomes, type KitProgress, type OfflineKitReport } from '../../shared/offline-kit';
import { maxKitFileBytes } from '../offline-kit/run-offline-kit';
import { startService, type RunningService } from '../service/service';
import { CommandFailedError, CommandLineError, defineCommand } from './command-line';
import {
  dataDirFrom,
  dataDirOption,
  domainOwnerOption,
  externalUpstreamsFrom,
  secondsFrom,
} from './serve-command';

function progressPrinter(write: (text: string) => void): (progress: KitProgress) => void {
  let shownAt = 0;
  return (progress) => {
    const now = Date.now();
    const last = progress.done === progress.total && progress.total > 0;
    if (!last && now - shownAt < 1000) return;
    shownAt = now;
    const percent = progress.total === 0 ? 0 : Math.floor((progress.done / progress.total) * 100);
    write(
      `kit: ${progress.done}/${progress.total} (${percent}%), ${(progress.bytes / 1024 / 1024).toFixed(1)} MiB${progress.current ? ` ${progress.current}` : ''}\n`,
    );
  };
}

function summary(report: OfflineKitReport): string {
  const counts = kitOutcomes.map((outcome) => `${report.counts[outcome]} ${outcome}`).join(', ');
  const lines = [
    `Offline kit (${report.source}, ${report.format}) into ${report.domain}/${report.repository}: ${counts}; ${report.verified} checked against the lockfile's hashes; ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  for (const entry of report.entries) {
    if (entry.outcome === 'fetched' || entry.outcome === 'cached') continue;
    lines.push(
      `  ${entry.outcome.padEnd(8)} ${entry.name}${entry.version ? `@${entry.version}` : ''}: ${entry.detail ?? ''}`,
    );
  }
  lines.push(
    kitComplete(report)
      ? 'Everything is stored: the project installs from this repository offline.'
      : 'The kit is incomplete: see the missing and mismatched packages above.',
  );
  return `${lines.join('\n')}\n`;
}

export const kitCommand = defineCommand({
  name: 'kit',
  summary: 'Fetches everything a lockfile lists through a repository, for installing offline.',
  description:
    "Reads a package-lock.json / npm-shrinkwrap.json, a requirements.txt (with --hash options, or pip freeze output), a Maven pom.xml, a Cargo.lock or a Gemfile.lock, and fetches every artifact it lists (for a POM, its whole dependency tree) through the repository's upstreams and external connections into the data directory, checking each against the lockfile's hashes. The service must not be running on the data directory. Exit status 1 when something is missing or mismatched.",
  positionals: [
    {
      name: 'FILE',
      help: 'the lockfile (package-lock.json, Cargo.lock, Gemfile.lock), requirements file or POM',
    },
  ],
  options: {
    'data-dir': dataDirOption,
    domain: { type: 'string', value: 'D', help: 'domain of the repository (required)' },
    'domain-owner': domainOwnerOption,
    repository: { type: 'string', value: 'R', help: 'the repository the project installs from (required)' },
    json: { type: 'boolean', help: 'print the report as JSON on stdout' },
    'external-upstream': {
      type: 'string',
      value: 'C=URL',
      multiple: true,
      help: 'upstream URL of external connection C, as for serve',
    },
    'no-client-config': {
      type: 'boolean',
      help: "do not ask the user's npm, pip and Maven where they fetch from",
    },
    'upstream-timeout': {
      type: 'string',
      value: 'S',
      help: 'seconds an external upstream has to start answering (default 10)',
    },
  },
  async run({ values, positionals }) {
    const [file = ''] = positionals;
    if (!values.domain) throw new CommandLineError('--domain is required');
    if (!values.repository) throw new CommandLineError('--repository is required');
    const externalUpstreams = externalUpstreamsFrom(values['external-upstream']);
    const timeoutMs = secondsFrom('timeoutSeconds', values['upstream-timeout']);
    let content: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      if (info.size > maxKitFileBytes) throw new Error(`larger than ${maxKitFileBytes / 1024 / 1024} MiB`);
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw new CommandLineError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let service: RunningService;
    try {
      service = await startService({
        dataDir: dataDirFrom(values['data-dir']),
        host: '127.0.0.1',
        port: 0,
        externalUpstreams,
        useClientConfig: values['no-client-config'] !== true,
        upstreamPolicy: timeoutMs !== undefined ? { timeoutMs } : {},
      });
    } catch (error) {
      throw new CommandFailedError((error as Error).message, 2);
    }
    let report: OfflineKitReport;
    try {
      report = await service.offlineKit(
        {
          domain: values.domain,
          ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
          repository: values.repository,
          fileName: file,
          content,
        },
        progressPrinter((text) => process.stderr.write(text)),
      );
    } catch (error) {
      throw new CommandFailedError((error as Error).message, 2);
    } finally {
      await service.stop();
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
    if (!kitComplete(report)) process.exitCode = 1;
  },
});
