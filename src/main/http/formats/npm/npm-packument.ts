/**
 * Builds packuments (the JSON document npm reads for a package) from what the repository serves
 * through its upstreams: only Published versions are listed (Unlisted ones stay downloadable by
 * their exact tarball URL, Archived, Disposed and Unfinished ones are invisible), tarball URLs point
 * at this endpoint, and `dist` carries the integrity (sha512, base64) and shasum (sha1, hex) npm checks.
 * A deprecated version carries its message as `deprecated` in both forms.
 * The full form (`application/json`) adds descriptions, readme and times; the abbreviated form
 * (`application/vnd.npm.install-v1+json`) carries only what the installer reads.
 *
 * Nothing here opens a tarball or parses a manifest: each version's package.json fields were stored
 * as JSON text when the tarball arrived (blob_facts), and a version's entry is spliced from that text
 * and its record. The document is produced in pages of a bounded number of versions (one query per
 * page and repository of the search order), yielding to the event loop between pages, so a package
 * with 100k versions never holds up another request.
 */
import { factTextColumns, readFactText, type StoredFactText } from '../../../engine/assets/blob-fact-bodies';
import { blobKeyHex } from '../../../engine/assets/blob-keys';
import type { EngineContext } from '../../../engine/context';
import type { DomainRow, RepositoryRow } from '../../../engine/lookups';
import {
  findPackage,
  listDistTagRows,
  readReadme,
  type StoredVersionStatus,
} from '../../../engine/packages/package-records';
import { packageCoordinates, type PackageCoordinates } from '../../../engine/packages/package-coordinates';
import { compareSortKeys } from '../../../engine/package-versions/version-order';
import { servableStatuses } from '../../../engine/upstreams/resolve-package-version';
import { searchOrder } from '../../../engine/upstreams/search-order';
import type { Db } from '../../../store/types';
import { backfillManifestFacts } from './manifest-cache';
import { npmPackumentFact, splitNpmFacts, type Manifest } from './npm-manifest';
import { escapedName, tarballFileName, type NpmName } from './npm-names';

export interface PackumentTarget {
  readonly ctx: EngineContext;
  readonly domain: DomainRow;
  readonly repository: RepositoryRow;
  readonly endpoint: string;
}

/** The repositories of the search order that hold the package, and its merged dist-tags. */
export interface PackumentPlan {
  readonly coordinates: PackageCoordinates;
  readonly steps: readonly { readonly packageId: number; readonly local: boolean }[];
  /** Stored dist-tags of every repository in the search order (for the same tag the latest set wins). */
  readonly distTags: Record<string, string>;
}

const listed = 'Published';
/**
 * Versions per query and per turn of the event loop: small enough that a page costs a few
 * milliseconds even before the code is optimised, so other requests wait at most that long.
 */
const pageSize = 50;

export function npmCoordinates(name: NpmName): PackageCoordinates {
  return packageCoordinates('npm', name.scope, name.name);
}

/** Undefined when no repository of the search order knows the package. A few queries, whatever its size. */
export function planPackument(target: PackumentTarget, name: NpmName): PackumentPlan | undefined {
  const coordinates = npmCoordinates(name);
  return target.ctx.store.read((db) => {
    const steps: { packageId: number; local: boolean }[] = [];
    const tags = new Map<string, { version: string; updated: number }>();
    for (const step of searchOrder(db, target.repository, coordinates)) {
      const pkg = findPackage(db, step.repository.id, coordinates);
      if (!pkg) continue;
      steps.push({ packageId: pkg.id, local: step.via.length === 0 });
      for (const tag of listDistTagRows(db, pkg.id)) {
        const current = tags.get(tag.tag);
        if (!current || tag.updated_time > current.updated)
          tags.set(tag.tag, { version: tag.version, updated: tag.updated_time });
      }
    }
    if (steps.length === 0) return undefined;
    const distTags: Record<string, string> = {};
    for (const [tag, { version }] of [...tags.entries()].sort(([a], [b]) => compareSortKeys(a, b)))
      distTags[tag] = version;
    return { coordinates, steps, distTags };
  });
}

/** What a version's record says, as the search order resolves it (the first repository that has it wins). */
export interface VersionState {
  readonly status: StoredVersionStatus;
  readonly deprecated: string | null;
  readonly originType: string;
}

/** Every version the repository knows through its upstreams, in any status (one query per repository). */
export function versionStates(target: PackumentTarget, plan: PackumentPlan): Map<string, VersionState> {
  const out = new Map<string, VersionState>();
  target.ctx.store.read((db) => {
    for (const step of plan.steps) {
      const rows = db.all<{
        version: string;
        status: StoredVersionStatus;
        deprecated: string | null;
        origin_type: string;
      }>(
        'SELECT version, status, deprecated, origin_type FROM package_versions WHERE package_id = ? ORDER BY sort_key, version',
        [step.packageId],
      );
      for (const row of rows) {
        if (out.has(row.version) || (!step.local && !servableStatuses.has(row.status))) continue;
        out.set(row.version, { status: row.status, deprecated: row.deprecated, originType: row.origin_type });
      }
    }
  });
  return out;
}

export function tarballUrl(endpoint: string, name: NpmName, version: string): string {
  const path = name.scope === undefined ? encodeURIComponent(name.name) : `@${name.scope}/${name.name}`;
  return `${endpoint}${path}/-/${encodeURIComponent(tarballFileName(name, version))}`;
}

/** One version's record joined with its tarball's digests and stored package.json fields. */
interface VersionLine {
  readonly id: number;
  readonly version: string;
  readonly sort_key: string;
  readonly status: StoredVersionStatus;
  readonly published_time: number;
  readonly updated_time: number;
  readonly deprecated: string | null;
  /** The tarball's domain; null when the version has no tarball. */
  readonly domain_id: number | null;
  /**
   * The tarball's SHA-256 (hex) only when its package.json fields were never recorded (see
   * completeLegacy), so the lines of a packument do not each convert a key they do not use.
   */
  readonly legacy_sha256: string | null;
  readonly sha1: string | null;
  /** The tarball's SHA-512 as stored (bytes). */
  readonly sha512: Uint8Array | null;
  /** The stored package.json fields (see npmPackumentFact); null until recorded. */
  facts: string | null;
}

/** A row of lineSelect: a VersionLine with its fields' text as stored (see readFactText). */
type StoredLine = Omit<VersionLine, 'facts'> & StoredFactText;

const lineSelect = `SELECT v.id, v.version, v.sort_key, v.status, v.published_time, v.updated_time, v.deprecated,
    a.domain_id, ${blobKeyHex('CASE WHEN f.body_id IS NULL THEN a.sha256 END', 'legacy_sha256')},
    lower(hex(b.sha1)) AS sha1, b.sha512, ${factTextColumns('fb')}
  FROM package_versions v
  LEFT JOIN package_version_assets a ON a.version_id = v.id
  LEFT JOIN domain_blobs b ON b.domain_id = a.domain_id AND b.sha256 = a.sha256
  LEFT JOIN blob_facts f ON f.domain_id = a.domain_id AND f.sha256 = a.sha256 AND f.kind = '${npmPackumentFact}'
  LEFT JOIN blob_fact_bodies fb ON fb.id = f.body_id`;

function linePage(db: Db, packageId: number, after: readonly [string, string] | undefined): VersionLine[] {
  const rows = after
    ? db.all<StoredLine>(
        `${lineSelect} WHERE v.package_id = ? AND (v.sort_key, v.version) > (?, ?)
         ORDER BY v.sort_key, v.version, a.name LIMIT ${pageSize}`,
        [packageId, after[0], after[1]],
      )
    : db.all<StoredLine>(
        `${lineSelect} WHERE v.package_id = ? ORDER BY v.sort_key, v.version, a.name LIMIT ${pageSize}`,
        [packageId],
      );
  const lines = rows as (StoredLine & VersionLine)[];
  for (const line of lines) line.facts = readFactText(db, line);
  return lines;
}

/** Fills in the stored fields of tarballs recorded before they were kept (reads those tarballs once). */
async function completeLegacy(target: PackumentTarget, lines: readonly VersionLine[]): Promise<void> {
  const missing = lines.filter((line) => line.legacy_sha256 !== null && line.facts === null);
  if (missing.length === 0) return;
  const facts = await backfillManifestFacts(
    target.ctx,
    target.domain,
    missing.map((line) => line.legacy_sha256 ?? ''),
  );
  for (const line of missing)
    line.facts = facts.get(line.legacy_sha256 ?? '')?.[npmPackumentFact] ?? '{}\n{}';
}

/** The members of a stored JSON object, without its braces ('' when it has none). */
function members(json: string | null): string {
  if (json === null || json.length <= 2) return '';
  return json.slice(1, -1);
}

/** What every entry of one document repeats, computed once per document. */
interface EntryShape {
  readonly nameMember: string;
  /** `"_id":"name@` (the full form) or undefined (abbreviated). */
  readonly idPrefix: string | undefined;
  /** The tarball URL up to the version (`…/name/-/name-`), escaped for a JSON string. */
  readonly tarballPrefix: string;
  readonly full: boolean;
}

function entryShape(endpoint: string, name: NpmName, full: boolean): EntryShape {
  const path = name.scope === undefined ? encodeURIComponent(name.name) : `@${name.scope}/${name.name}`;
  return {
    nameMember: `"name":${JSON.stringify(name.full)}`,
    idPrefix: full ? `"_id":${JSON.stringify(name.full).slice(0, -1)}@` : undefined,
    tarballPrefix: jsonInner(`${endpoint}${path}/-/${encodeURIComponent(`${name.name}-`)}`),
    full,
  };
}

/** A version string as the inside of a JSON string (versions rarely hold anything to escape). */
function jsonInner(text: string): string {
  return /^[\w.+-]*$/.test(text) ? text : JSON.stringify(text).slice(1, -1);
}

/** The entry of one version, spliced from its stored fields: no parse, no re-serialisation. */
function versionEntry(shape: EntryShape, line: VersionLine): string {
  const version = jsonInner(line.version);
  let entry = `{${shape.nameMember},"version":"${version}"`;
  const facts = splitNpmFacts(line.facts ?? '{}\n{}');
  const install = members(facts.install);
  if (install) entry += `,${install}`;
  const describe = shape.full ? members(facts.describe) : '';
  if (describe) entry += `,${describe}`;
  // The version's record decides deprecation, not its package.json: `npm deprecate` changes the
  // record after the tarball was published.
  if (line.deprecated !== null) entry += `,"deprecated":${JSON.stringify(line.deprecated)}`;
  if (shape.idPrefix !== undefined) entry += `,${shape.idPrefix}${version}"`;
  const tarball = `${shape.tarballPrefix}${encodeURIComponent(line.version)}.tgz`;
  const sha512 = line.sha512 ?? new Uint8Array();
  const integrity = Buffer.from(sha512.buffer, sha512.byteOffset, sha512.byteLength).toString('base64');
  const shasum = line.sha1 === null ? 'null' : `"${line.sha1}"`;
  return `${entry},"dist":{"tarball":"${tarball}","integrity":"sha512-${integrity}","shasum":${shasum}}}`;
}

export interface ExtraVersion {
  readonly version: string;
  readonly document: Manifest;
  readonly time?: string;
}

/** How the versions of a package are listed: its stored ones through the search order, then `extra`. */
export interface PackumentRequest {
  readonly plan: PackumentPlan | undefined;
  /** An external upstream's versions not stored yet (listed after the stored ones they do not repeat). */
  readonly extra: readonly ExtraVersion[];
  readonly distTags: Record<string, string>;
  readonly full: boolean;
}

/** Publication times per chunk of the `time` member. */
const timesPerChunk = 2000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The packument as a sequence of JSON text chunks (one per page of versions). The members after
 * `versions` (dist-tags, time, the latest version's description and readme) come last, once every
 * version is known.
 */
export async function* packumentChunks(
  target: PackumentTarget,
  name: NpmName,
  request: PackumentRequest,
): AsyncGenerator<string> {
  const { full } = request;
  // Every version met, and whether it is listed (a version seen in an earlier repository of the
  // search order hides the same version further on).
  // Only needed when versions can repeat: several repositories, or an upstream's extra versions.
  const track = (request.plan?.steps.length ?? 0) > 1 || request.extra.length > 0;
  const seen = new Map<string, boolean>();
  // Which versions the dist-tags name were listed (known without tracking every version).
  const tagged = new Set(Object.values(request.distTags));
  const listedTagged = new Set<string>();
  // Publication times of the listed stored versions, in order (numbers: a few bytes each).
  const listedOrder: string[] = [];
  const publishedAt: number[] = [];
  const extraTimes: string[] = [];
  let created: number | undefined;
  let modified = 0;
  let latestId: number | undefined;
  let latestDescribe: string | null = null;
  const latest = request.distTags.latest;
  const head = full
    ? `{"_id":${JSON.stringify(name.full)},"name":${JSON.stringify(name.full)},"versions":{`
    : `{"name":${JSON.stringify(name.full)},"versions":{`;
  let pending = head;
  let first = true;
  const shape = entryShape(target.endpoint, name, full);
  for (const step of request.plan?.steps ?? []) {
    let after: [string, string] | undefined;
    let previous: string | undefined;
    for (;;) {
      const lines = target.ctx.store.read((db) => linePage(db, step.packageId, after));
      if (lines.length === 0) break;
      const last = lines[lines.length - 1] as VersionLine;
      after = [last.sort_key, last.version];
      const taken = lines.filter((line) => {
        // A version with several assets comes as adjacent lines (the first asset by name wins).
        if (line.version === previous) return false;
        previous = line.version;
        if ((track && seen.has(line.version)) || (!step.local && !servableStatuses.has(line.status)))
          return false;
        const shown = line.status === listed && line.domain_id !== null;
        if (track) seen.set(line.version, shown);
        if (shown && tagged.has(line.version)) listedTagged.add(line.version);
        return shown;
      });
      await completeLegacy(target, taken);
      let out = pending;
      pending = '';
      for (const line of taken) {
        out += `${first ? '' : ','}"${jsonInner(line.version)}":${versionEntry(shape, line)}`;
        first = false;
        if (full) {
          listedOrder.push(line.version);
          publishedAt.push(line.published_time);
        }
        created = Math.min(created ?? line.published_time, line.published_time);
        modified = Math.max(modified, line.updated_time);
        if (line.version === latest) {
          latestId = line.id;
          latestDescribe = line.facts === null ? null : splitNpmFacts(line.facts).describe;
        }
      }
      yield out;
      if (lines.length < pageSize) break;
      await yieldToEventLoop();
    }
  }
  const extraOut: string[] = [];
  let latestExtra: Manifest | undefined;
  for (const item of request.extra) {
    if (seen.get(item.version) === true) continue;
    extraOut.push(`${first ? '' : ','}${JSON.stringify(item.version)}:${JSON.stringify(item.document)}`);
    first = false;
    seen.set(item.version, true);
    if (tagged.has(item.version)) listedTagged.add(item.version);
    if (item.version === latest) latestExtra = item.document;
    if (item.time) {
      extraTimes.push(`,${JSON.stringify(item.version)}:${JSON.stringify(item.time)}`);
      const at = Date.parse(item.time);
      if (Number.isFinite(at)) {
        created = Math.min(created ?? at, at);
        modified = Math.max(modified, at);
      }
    }
  }
  const tags: Record<string, string> = {};
  for (const [tag, version] of Object.entries(request.distTags))
    if (listedTagged.has(version)) tags[tag] = version;
  const modifiedIso = new Date(modified || Date.now()).toISOString();
  let tail = `${pending}${extraOut.join('')}},"dist-tags":${JSON.stringify(tags)}`;
  if (!full) {
    yield `${tail},"modified":"${modifiedIso}"}`;
    return;
  }
  yield `${tail},"time":{"created":"${new Date(created ?? Date.now()).toISOString()}","modified":"${modifiedIso}"`;
  for (let start = 0; start < listedOrder.length; start += timesPerChunk) {
    let out = '';
    for (let i = start; i < Math.min(listedOrder.length, start + timesPerChunk); i++)
      out += `,"${jsonInner(listedOrder[i] as string)}":"${new Date(publishedAt[i] as number).toISOString()}"`;
    yield out;
    await yieldToEventLoop();
  }
  tail = `${extraTimes.join('')}}`;
  const describedLatest: Manifest | undefined =
    tags.latest === undefined
      ? undefined
      : (latestExtra ?? (latestDescribe ? (JSON.parse(latestDescribe) as Manifest) : undefined));
  for (const field of ['description', 'license', 'homepage', 'repository'] as const) {
    const value = describedLatest?.[field];
    if (value !== undefined) tail += `,${JSON.stringify(field)}:${JSON.stringify(value)}`;
  }
  const readme =
    latestId === undefined || tags.latest === undefined
      ? undefined
      : target.ctx.store.read((db) => readReadme(db, latestId ?? 0));
  yield `${tail},"readme":${JSON.stringify(readme ?? '')}}`;
}

/** Whether the search order holds a listed (Published) version with a tarball: one query per repository. */
export function hasListedVersion(target: PackumentTarget, plan: PackumentPlan | undefined): boolean {
  if (!plan) return false;
  return target.ctx.store.read((db) =>
    plan.steps.some(
      (step) =>
        db.get(
          `SELECT 1 AS found FROM package_versions v JOIN package_version_assets a ON a.version_id = v.id
           WHERE v.package_id = ? AND v.status = ? LIMIT 1`,
          [step.packageId, listed],
        ) !== undefined,
    ),
  );
}

/** The full-form entry of one version as the search order resolves it, or undefined. */
export async function versionDocument(
  target: PackumentTarget,
  name: NpmName,
  plan: PackumentPlan,
  version: string,
): Promise<Manifest | undefined> {
  const line = target.ctx.store.read((db) => {
    for (const step of plan.steps) {
      const found = db.get<VersionLine>(
        `${lineSelect} WHERE v.package_id = ? AND v.version = ? ORDER BY a.name LIMIT 1`,
        [step.packageId, version],
      );
      if (found && (step.local || servableStatuses.has(found.status))) return found;
    }
    return undefined;
  });
  if (!line || line.domain_id === null) return undefined;
  await completeLegacy(target, [line]);
  return JSON.parse(versionEntry(entryShape(target.endpoint, name, true), line)) as Manifest;
}

export { escapedName };
