/**
 * A domain's activity timeline, newest first, read from `activity_events` (written by the triggers
 * of migration 10): who did what to which version, package or repository, and when. Filters by
 * repository and by part of a package name; pages by event id.
 */
import type {
  ActivityEvent,
  ActivityKind,
  ActivityPage,
  ActivityRequest,
} from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';

export const defaultActivityPage = 100;
export const maxActivityPage = 500;

interface EventRow {
  id: number;
  time: number;
  actor: string;
  operation: string;
  change: string;
  repository: string;
  format: string | null;
  namespace: string | null;
  package: string | null;
  version: string | null;
  from_status: string | null;
  to_status: string | null;
  origin_type: string | null;
  origin_repository: string | null;
  origin_external_connection: string | null;
}

/** The one rule that names what a recorded change was. */
function kindOf(row: EventRow): ActivityKind {
  switch (row.change) {
    case 'version-added':
      if (row.operation === 'CopyPackageVersions') return 'copy';
      if (row.origin_type === 'EXTERNAL') return 'fetch';
      if (row.origin_repository !== null && row.origin_repository !== row.repository) return 'fetch';
      return 'publish';
    case 'version-status':
      return 'status';
    case 'version-removed':
      return 'delete';
    case 'package-removed':
      return 'package-delete';
    case 'repository-added':
      return 'repository-create';
    default:
      return 'repository-delete';
  }
}

function eventOf(row: EventRow): ActivityEvent {
  const kind = kindOf(row);
  const origin =
    kind === 'fetch' || kind === 'copy'
      ? (row.origin_external_connection ?? row.origin_repository ?? undefined)
      : undefined;
  const optional = {
    format: row.format,
    namespace: row.namespace === '' ? null : row.namespace,
    package: row.package,
    version: row.version,
    fromStatus: kind === 'status' ? row.from_status : null,
    toStatus: kind === 'status' ? row.to_status : null,
    origin: origin ?? null,
  };
  const event: Record<string, unknown> = {
    id: row.id,
    time: row.time,
    actor: row.actor,
    operation: row.operation,
    kind,
    repository: row.repository,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== null) event[key] = value;
  return event as unknown as ActivityEvent;
}

export function listActivity(ctx: EngineContext, request: ActivityRequest): ActivityPage {
  const domainName = requireMember(request.domain, 'domain');
  const limit = request.maxResults ?? defaultActivityPage;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxActivityPage)
    throw new ValidationException(`maxResults must be a whole number from 1 to ${maxActivityPage}.`);
  let before: number | undefined;
  if (request.nextToken !== undefined) {
    before = /^\d{1,15}$/.test(request.nextToken) ? Number(request.nextToken) : NaN;
    if (!Number.isSafeInteger(before))
      throw new ValidationException('The nextToken is not one this listing gave out.');
  }
  const packageText = request.package?.trim().toLowerCase().replace(/^@/, '');
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, domainOwnerOf(ctx, undefined));
    const where = ['domain_id = ?'];
    const values: (string | number)[] = [domain.id];
    if (before !== undefined) {
      where.push('id < ?');
      values.push(before);
    }
    if (request.repository) {
      where.push('repository = ?');
      values.push(request.repository);
    }
    if (packageText) {
      where.push("(instr(lower(package), ?) > 0 OR instr(lower(namespace || '/' || package), ?) > 0)");
      values.push(packageText, packageText);
    }
    const rows = db.all<EventRow>(
      `SELECT * FROM activity_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...values, limit + 1],
    );
    const events = rows.slice(0, limit).map(eventOf);
    const last = events[events.length - 1];
    return rows.length > limit && last ? { events, nextToken: String(last.id) } : { events };
  });
}
