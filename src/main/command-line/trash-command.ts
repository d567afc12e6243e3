/**
 * `trash list|restore|purge`: the trash of deleted package versions from the command line, over a
 * data directory whose service is stopped (as `diff` and `why`). `list` prints each entry's id,
 * version, repository and when it is purged; `restore` and `purge` take those ids.
 */
import { versionLabel } from '../../shared/package-version-label';
import type { TrashListing } from '../../shared/trash';
import { listTrash, purgeTrashed, restoreTrashed } from '../engine/trash/version-trash';
import { CommandFailedError, CommandLineError, defineCommand } from './command-line';
import { dataDirFrom, dataDirOption, domainOwnerOption } from './serve-command';
import { withStoppedService } from './stopped-service';

const actions = ['list', 'restore', 'purge'] as const;
type Action = (typeof actions)[number];

export function trashText(listing: TrashListing): string {
  const head =
    listing.retentionDays === 0
      ? 'The trash is off (retention 0 days).'
      : `Deleted versions are kept ${listing.retentionDays} day(s).`;
  const lines = listing.entries.map(
    (entry) =>
      `  ${String(entry.id).padStart(6)}  ${versionLabel(entry)} in ${entry.repository} (${entry.status}), purged ${entry.expiresTime.toISOString()}${entry.replaced ? ', published again since' : ''}`,
  );
  return `${[head, `${listing.entries.length} entr${listing.entries.length === 1 ? 'y' : 'ies'}:`, ...lines].join('\n')}\n`;
}

function entryIds(values: readonly string[] | undefined): number[] {
  if (!values?.length) throw new CommandLineError('--id is required (the ids `trash list` prints)');
  return values.map((value) => {
    const id = Number(value);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new CommandLineError(`--id must be a positive number, got '${value}'`);
    return id;
  });
}

export const trashCommand = defineCommand({
  name: 'trash',
  summary: 'Lists, restores or purges deleted package versions kept in the trash.',
  description:
    'list prints the versions DeletePackageVersions and DeletePackage removed from the domain (or one repository) that the trash still keeps, newest first, with their ids and when they are purged. restore puts the entries named with --id back as they were (refused when the version was published again since); purge deletes them for good and releases their files. The service must not be running on the data directory.',
  positionals: [{ name: 'ACTION', help: 'list, restore or purge' }],
  options: {
    'data-dir': dataDirOption,
    domain: { type: 'string', value: 'D', help: 'the domain (required)' },
    'domain-owner': domainOwnerOption,
    repository: { type: 'string', value: 'R', help: 'list only this repository’s trash' },
    id: { type: 'string', value: 'N', multiple: true, help: 'an entry to restore or purge (repeatable)' },
    json: { type: 'boolean', help: 'print JSON instead of text' },
  },
  async run({ values, positionals }) {
    const action = positionals[0] as Action;
    if (!actions.includes(action))
      throw new CommandLineError(`ACTION must be one of ${actions.join(', ')}, got '${String(action)}'`);
    if (!values.domain) throw new CommandLineError('--domain is required');
    const target = {
      domain: values.domain,
      ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
    };
    const ids = action === 'list' ? [] : entryIds(values.id);
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      let result: unknown;
      try {
        if (action === 'list')
          result = listTrash(ctx, {
            ...target,
            ...(values.repository ? { repository: values.repository } : {}),
          });
        else if (action === 'restore') result = await restoreTrashed(ctx, { ...target, ids });
        else result = await purgeTrashed(ctx, { ...target, ids });
      } catch (error) {
        throw new CommandFailedError(`${(error as Error).name}: ${(error as Error).message}`, 1);
      }
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (action === 'list') process.stdout.write(trashText(result as TrashListing));
      else if (action === 'restore')
        process.stdout.write(
          `Restored ${(result as { restored: { label: string }[] }).restored.map((entry) => entry.label).join(', ')}.\n`,
        );
      else
        process.stdout.write(
          `Purged ${(result as { purged: number }).purged} entr${ids.length === 1 ? 'y' : 'ies'}.\n`,
        );
    });
  },
});
