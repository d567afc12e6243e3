/**
 * `seed`: fills a repository from the package caches already on this computer (npm's `_cacache`,
 * the local Maven repository, pip's cache) without any network, on a data directory whose service
 * is not running. Prints what was imported, already present and skipped (with the reason).
 */
import { seedOutcomes, seedSourceKinds, type SeedReport, type SeedSourceKind } from '../../shared/seed';
import { runSeed } from '../offline-kit/run-seed';
import { CommandLineError, defineCommand } from './command-line';
import { dataDirFrom, dataDirOption, domainOwnerOption } from './serve-command';
import { withStoppedService } from './stopped-service';

function sourcesFrom(values: readonly string[] | undefined): SeedSourceKind[] | undefined {
  if (!values || values.length === 0) return undefined;
  const kinds = values.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const kind of kinds) {
    if (!(seedSourceKinds as readonly string[]).includes(kind))
      throw new CommandLineError(`--from takes npm, maven or pypi, not '${kind}'`);
  }
  return kinds as SeedSourceKind[];
}

export function seedSummary(report: SeedReport): string {
  const counts = seedOutcomes.map((outcome) => `${report.counts[outcome]} ${outcome}`).join(', ');
  const lines = [
    `Seeded ${report.domain}/${report.repository}: ${counts}; ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  for (const source of report.sources) {
    lines.push(
      `  ${source.kind.padEnd(6)} ${source.path ?? ''}${source.problem ? ` (not read: ${source.problem})` : ''}`,
    );
  }
  for (const entry of report.entries) {
    if (entry.outcome !== 'skipped') continue;
    lines.push(
      `  skipped ${entry.format} ${entry.name}${entry.version ? ` ${entry.version}` : ''}: ${entry.detail ?? ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const seedCommand = defineCommand({
  name: 'seed',
  summary: "Imports the packages in this computer's npm, Maven and pip caches into a repository.",
  description:
    "Reads npm's cache (the _cacache folder of npm's `cache` setting), the local Maven repository (settings.xml's localRepository, else ~/.m2/repository) and pip's cache (`pip cache dir`), checks every file against the hashes the cache recorded, and publishes each package version into the repository. Nothing is fetched from any network. The service must not be running on the data directory.",
  options: {
    'data-dir': dataDirOption,
    domain: { type: 'string', value: 'D', help: 'domain of the repository (required)' },
    'domain-owner': domainOwnerOption,
    repository: { type: 'string', value: 'R', help: 'the repository to fill (required)' },
    from: {
      type: 'string',
      value: 'KIND',
      multiple: true,
      help: 'read only these caches: npm, maven, pypi (repeat or separate with commas; default all)',
    },
    'npm-cache': { type: 'string', value: 'DIR', help: "npm's cache folder (or its _cacache folder)" },
    'maven-repository': { type: 'string', value: 'DIR', help: 'the local Maven repository folder' },
    'pip-cache': { type: 'string', value: 'DIR', help: "pip's cache folder" },
    json: { type: 'boolean', help: 'print the report as JSON on stdout' },
  },
  async run({ values }) {
    if (!values.domain) throw new CommandLineError('--domain is required');
    if (!values.repository) throw new CommandLineError('--repository is required');
    const sources = sourcesFrom(values.from);
    const { domain, repository } = values;
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      let shownAt = 0;
      const report = await runSeed(
        ctx,
        {
          domain,
          ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
          repository,
          ...(sources ? { sources } : {}),
          ...(values['npm-cache'] ? { npmCache: values['npm-cache'] } : {}),
          ...(values['maven-repository'] ? { mavenRepository: values['maven-repository'] } : {}),
          ...(values['pip-cache'] ? { pipCache: values['pip-cache'] } : {}),
        },
        (progress) => {
          const now = Date.now();
          if (now - shownAt < 1000 && progress.done !== progress.total) return;
          shownAt = now;
          process.stderr.write(
            `seed: ${progress.done}/${progress.total}${progress.current ? ` ${progress.current}` : ''}\n`,
          );
        },
      );
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : seedSummary(report));
    });
  },
});
