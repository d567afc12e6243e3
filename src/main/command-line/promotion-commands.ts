/**
 * `diff` and `promote`: repository diff and promotion from the command line, over a data directory
 * whose service is stopped (as `why`). `diff` lists versions only in one of two repositories of a
 * domain and versions both hold with different assets; `promote` copies a chosen set (or every
 * version only in the source) with CopyPackageVersions' rules, and `--dry-run` prints what the copy
 * would do for each version without writing anything. Both print text, or JSON with `--json`.
 */
import type {
  DiffVersion,
  PromotionResult,
  RepositoryDiff,
  RepositoryDiffRequest,
} from '../../shared/app-operations';
import { parseVersionLabel, versionLabel, type VersionCoordinates } from '../../shared/package-version-label';
import { diffRepositories, promoteVersions } from '../engine/package-versions/repository-diff';
import { CommandFailedError, CommandLineError, defineCommand, type OptionTable } from './command-line';
import { dataDirFrom, dataDirOption, domainOwnerOption } from './serve-command';
import { withStoppedService } from './stopped-service';

const pairOptions = {
  'data-dir': dataDirOption,
  domain: { type: 'string', value: 'D', help: 'domain of both repositories (required)' },
  'domain-owner': domainOwnerOption,
  source: { type: 'string', value: 'R', help: 'the source repository (required)' },
  destination: { type: 'string', value: 'R', help: 'the destination repository (required)' },
  'package-group': {
    type: 'string',
    value: 'PATTERN',
    help: 'only packages this package group pattern matches (/npm/acme/*, /pypi//requests$, …)',
  },
  json: { type: 'boolean', help: 'print JSON instead of text' },
} as const satisfies OptionTable;

type PairValues = {
  readonly 'data-dir'?: string | undefined;
  readonly domain?: string | undefined;
  readonly 'domain-owner'?: string | undefined;
  readonly source?: string | undefined;
  readonly destination?: string | undefined;
  readonly 'package-group'?: string | undefined;
};

function pairRequest(values: PairValues): RepositoryDiffRequest {
  for (const required of ['domain', 'source', 'destination'] as const) {
    if (!values[required]) throw new CommandLineError(`--${required} is required`);
  }
  return {
    domain: values.domain ?? '',
    ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
    sourceRepository: values.source ?? '',
    destinationRepository: values.destination ?? '',
    ...(values['package-group'] !== undefined ? { packageGroup: values['package-group'] } : {}),
  };
}

/** Runs engine work, turning the engine's errors (no such repository, bad pattern) into exit 1. */
function engineCall<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new CommandFailedError(`${(error as Error).name}: ${(error as Error).message}`, 1);
  }
}

function section(title: string, versions: readonly DiffVersion[]): string[] {
  return [
    `${title} (${versions.length}):`,
    ...versions.map((version) => `  ${versionLabel(version)} (${version.status})`),
  ];
}

export function diffText(request: RepositoryDiffRequest, diff: RepositoryDiff): string {
  return `${[
    ...section(`Only in ${request.sourceRepository}`, diff.onlyInSource),
    ...section(`Only in ${request.destinationRepository}`, diff.onlyInDestination),
    ...section('In both with different assets', diff.differing),
  ].join('\n')}\n`;
}

const promoted = new Set(['COPIED', 'WOULD_COPY']);

export function promotionText(request: RepositoryDiffRequest, result: PromotionResult): string {
  const ok = result.outcomes.filter((outcome) => promoted.has(outcome.outcome)).length;
  const lines = result.outcomes.map(
    (outcome) =>
      `  ${outcome.outcome.padEnd(14)} ${versionLabel(outcome)}${outcome.message ? `: ${outcome.message}` : ''}`,
  );
  const head = result.dryRun
    ? `Dry run: ${ok} of ${result.outcomes.length} version(s) would be copied from ${request.sourceRepository} to ${request.destinationRepository}; nothing was written.`
    : `Copied ${ok} of ${result.outcomes.length} version(s) from ${request.sourceRepository} to ${request.destinationRepository}.`;
  return `${[head, ...lines].join('\n')}\n`;
}

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'Compares two repositories of a domain version by version.',
  description:
    'Lists the package versions only in the source repository, only in the destination, and in both with different assets (file names or content), optionally only for the packages a package group pattern matches. The service must not be running on the data directory.',
  options: pairOptions,
  async run({ values }) {
    const request = pairRequest(values);
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      const diff = engineCall(() => diffRepositories(ctx, request));
      process.stdout.write(values.json ? `${JSON.stringify(diff, null, 2)}\n` : diffText(request, diff));
    });
  },
});

function chosenVersions(labels: readonly string[] | undefined): VersionCoordinates[] | undefined {
  if (!labels?.length) return undefined;
  return labels.map((label) => {
    const parsed = parseVersionLabel(label);
    if (!parsed)
      throw new CommandLineError(
        `--version '${label}' is not FORMAT:[NAMESPACE/]NAME@VERSION (npm:@acme/widget@1.0.0, pypi:requests@2.32.3)`,
      );
    return parsed;
  });
}

export const promoteCommand = defineCommand({
  name: 'promote',
  summary: 'Copies versions from one repository to another with CopyPackageVersions (or previews it).',
  description:
    "Copies the versions named with --version, or every version only in the source (within --package-group), to the destination repository with CopyPackageVersions' rules: a version the destination already has is ALREADY_EXISTS unless --allow-overwrite, one with the same assets is SKIPPED, a package group or origin control that forbids it is NOT_ALLOWED. --dry-run prints what the copy would answer for each version and writes nothing. The service must not be running on the data directory. Exit status 1 when any version was not (or would not be) copied.",
  options: {
    ...pairOptions,
    version: {
      type: 'string',
      value: 'F:NAME@V',
      multiple: true,
      help: 'a version to promote, as FORMAT:[NAMESPACE/]NAME@VERSION (default: every version only in the source)',
    },
    'allow-overwrite': { type: 'boolean', help: 'replace versions the destination holds with other assets' },
    'dry-run': { type: 'boolean', help: "preview each version with the copy's own decision; write nothing" },
  },
  async run({ values }) {
    const request = pairRequest(values);
    const versions = chosenVersions(values.version);
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      let result: PromotionResult;
      try {
        result = await promoteVersions(ctx, {
          ...request,
          ...(versions ? { versions } : {}),
          allowOverwrite: values['allow-overwrite'] === true,
          dryRun: values['dry-run'] === true,
        });
      } catch (error) {
        throw new CommandFailedError(`${(error as Error).name}: ${(error as Error).message}`, 1);
      }
      process.stdout.write(
        values.json ? `${JSON.stringify(result, null, 2)}\n` : promotionText(request, result),
      );
      if (result.outcomes.some((outcome) => !promoted.has(outcome.outcome))) process.exitCode = 1;
    });
  },
});
