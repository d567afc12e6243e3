/**
 * Makes an offline kit: reads the project file, fetches everything it lists through the repository's
 * own endpoint (so through its upstreams and external connections, under every origin control),
 * and reports per package what was fetched, already there, missing or different from the lockfile.
 */
import {
  kitOutcomes,
  type KitOutcome,
  type KitSource,
  type OfflineKitReport,
  type OfflineKitRequest,
} from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { ValidationException } from '../engine/errors';
import type { Invoke } from '../engine/invoke';
import { cargoKit } from './cargo-kit';
import { readCargoLock } from './cargo-lockfile';
import { gemKit } from './gem-kit';
import { readGemfileLock } from './gemfile-lock';
import { countingBytes, ProgressCounter, type ProgressSink } from './kit-work';
import { mavenKit } from './maven-kit';
import { npmKit } from './npm-kit';
import { readNpmLockfile } from './npm-lockfile';
import { openOwnEndpoint } from './own-endpoint';
import { pypiKit } from './pypi-kit';
import { readRequirementsFile } from './requirements-file';

export interface OfflineKitDeps {
  readonly ctx: EngineContext;
  readonly invoke: Invoke;
}

/** Largest project file a kit reads. */
export const maxKitFileBytes = 64 * 1024 * 1024;

const formatOf = {
  'package-lock': 'npm',
  requirements: 'pypi',
  pom: 'maven',
  'cargo-lock': 'cargo',
  'gemfile-lock': 'ruby',
} as const;

/** Which kind of project file `fileName` is, by name first and then by content. */
export function kitSourceOf(fileName: string, content: string): KitSource {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return 'package-lock';
  if (base === 'pom.xml' || base.endsWith('.pom')) return 'pom';
  if (base === 'cargo.lock') return 'cargo-lock';
  if (base === 'gemfile.lock' || base === 'gems.locked') return 'gemfile-lock';
  if (base.endsWith('.txt') || base.endsWith('.in')) return 'requirements';
  if (base.endsWith('.json') && /"lockfileVersion"/.test(content)) return 'package-lock';
  if (base.endsWith('.xml') && /<project[\s>]/.test(content)) return 'pom';
  if (base.endsWith('.lock') && /^\[\[package\]\]$/m.test(content)) return 'cargo-lock';
  if (base.endsWith('.lock') && /^GEM$/m.test(content) && /^ {2}specs:$/m.test(content))
    return 'gemfile-lock';
  throw new ValidationException(
    `Cannot make a kit from '${fileName}': give a package-lock.json, npm-shrinkwrap.json, requirements.txt, pom.xml, Cargo.lock or Gemfile.lock.`,
  );
}

/** Refuses a file too large or of no kind a kit is made from; answers its kind. */
export function checkKitFile(request: Pick<OfflineKitRequest, 'fileName' | 'content'>): KitSource {
  if (Buffer.byteLength(request.content, 'utf8') > maxKitFileBytes) {
    throw new ValidationException(`${request.fileName} is larger than ${maxKitFileBytes / 1024 / 1024} MiB.`);
  }
  return kitSourceOf(request.fileName, request.content);
}

export async function runOfflineKit(
  deps: OfflineKitDeps,
  request: OfflineKitRequest,
  onProgress?: ProgressSink,
): Promise<OfflineKitReport> {
  const started = Date.now();
  const source = checkKitFile(request);
  const format = formatOf[source];
  const target = {
    domain: request.domain,
    ...(request.domainOwner !== undefined ? { domainOwner: request.domainOwner } : {}),
    repository: request.repository,
  };
  // Read the file before anything is fetched, so a bad file fails at once.
  const npmLock = source === 'package-lock' ? readNpmLockfile(request.fileName, request.content) : undefined;
  const requirements = source === 'requirements' ? readRequirementsFile(request.content) : undefined;
  const cargoLock = source === 'cargo-lock' ? readCargoLock(request.fileName, request.content) : undefined;
  const gemfileLock = source === 'gemfile-lock' ? readGemfileLock(request.content) : undefined;
  const progress = new ProgressCounter(onProgress);
  const endpoint = countingBytes(await openOwnEndpoint(deps.invoke, { ...target, format }), progress);
  const entries = npmLock
    ? await npmKit(deps.ctx, endpoint, target, npmLock, progress)
    : requirements
      ? await pypiKit(deps.ctx, endpoint, target, requirements, progress)
      : cargoLock
        ? await cargoKit(deps.ctx, endpoint, target, cargoLock, progress)
        : gemfileLock
          ? await gemKit(deps.ctx, endpoint, target, gemfileLock, progress)
          : await mavenKit(deps.ctx, endpoint, target, request.content, progress);
  const counts = Object.fromEntries(kitOutcomes.map((outcome) => [outcome, 0])) as Record<KitOutcome, number>;
  for (const entry of entries) counts[entry.outcome] += 1;
  return {
    source,
    format,
    domain: request.domain,
    repository: request.repository,
    entries,
    counts,
    verified: entries.filter((entry) => entry.verified).length,
    durationMs: Date.now() - started,
  };
}
