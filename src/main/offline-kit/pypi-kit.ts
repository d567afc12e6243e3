/**
 * A requirements file's pins fetched through the repository's PyPI endpoint: the project page (which
 * is stored for offline use on the way), then the files of the pinned version. With `--hash`
 * options only the files carrying one of those hashes are fetched and each is checked after the
 * download, as pip's hash-checking mode would; without them (pip freeze) every file of the version
 * is fetched, so pip finds whichever one it picks for the platform.
 */
import { versionSortKey } from '../engine/package-versions/version-order';
import type { KitEntry } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { parseJsonPage, type UpstreamFile } from '../http/formats/pypi/upstream-index';
import type { OwnEndpoint } from './own-endpoint';
import { heldBefore, fetchEach, missingEntry, skippedEntry, type ProgressCounter } from './kit-work';
import type { PinnedRequirement, RequirementsContents } from './requirements-file';

const jsonPage = 'application/vnd.pypi.simple.v1+json';

/** PEP 440 equality (`1.0` is `1.0.0`, `1.0RC1` is `1.0rc1`), by the one version order. */
function sameVersion(a: string, b: string): boolean {
  return versionSortKey('pypi', a) === versionSortKey('pypi', b);
}

function hashOf(hash: string): { algorithm: string; hex: string } {
  const [algorithm = '', hex = ''] = hash.split(':');
  return { algorithm, hex };
}

async function fetchPin(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: { domain: string; domainOwner?: string; repository: string },
  pin: PinnedRequirement,
): Promise<KitEntry> {
  const pageUrl = `simple/${pin.project}/`;
  const page = await endpoint.get(pageUrl, { keepText: true, accept: jsonPage });
  if (page.status !== 200 || page.text === undefined)
    return missingEntry(pin.name, pin.version, pageUrl, page);
  let files: UpstreamFile[];
  try {
    files = parseJsonPage(pin.project, new URL(pageUrl, endpoint.url).href, page.text);
  } catch (error) {
    return skippedEntry(
      pin.name,
      pin.version,
      `the project page could not be read: ${(error as Error).message}`,
    );
  }
  const ofVersion = files.filter((file) => sameVersion(file.version, pin.version));
  if (ofVersion.length === 0) {
    return {
      name: pin.name,
      version: pin.version,
      outcome: 'missing',
      files: [],
      verified: false,
      detail: `no file of ${pin.project} ${pin.version} is listed by the repository or its upstreams`,
    };
  }
  const sha256s = pin.hashes.map(hashOf).filter((hash) => hash.algorithm === 'sha256');
  const wanted =
    pin.hashes.length === 0
      ? ofVersion
      : ofVersion.filter(
          (file) => file.sha256 === undefined || sha256s.some((hash) => hash.hex === file.sha256),
        );
  if (wanted.length === 0) {
    return {
      name: pin.name,
      version: pin.version,
      outcome: 'mismatch',
      files: [],
      verified: false,
      detail: `none of the files of ${pin.project} ${pin.version} (${ofVersion.map((file) => file.filename).join(', ')}) has a hash the requirements file allows`,
    };
  }
  const held = heldBefore(ctx, { ...target, format: 'pypi', package: pin.project, version: pin.version });
  const got: string[] = [];
  let verified = pin.hashes.length > 0;
  for (const file of wanted) {
    const answer = await endpoint.get(file.url);
    if (answer.status !== 200) return missingEntry(pin.name, pin.version, file.filename, answer);
    if (pin.hashes.length > 0) {
      const allowed = pin.hashes.map(hashOf).some(({ algorithm, hex }) => {
        if (algorithm === 'sha256') return hex === answer.sha256;
        if (algorithm === 'sha512') return hex === answer.sha512;
        return false;
      });
      if (!allowed) {
        const onlyUnknown = pin.hashes.every((hash) => !/^sha(256|512):/.test(hash));
        if (onlyUnknown) verified = false;
        else
          return {
            name: pin.name,
            version: pin.version,
            outcome: 'mismatch',
            files: [...got, file.filename],
            verified: false,
            detail: `${file.filename} matches none of the requirements file's hashes`,
          };
      }
    }
    got.push(file.filename);
  }
  return { name: pin.name, version: pin.version, outcome: held ? 'cached' : 'fetched', files: got, verified };
}

export async function pypiKit(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: { domain: string; domainOwner?: string; repository: string },
  requirements: RequirementsContents,
  progress: ProgressCounter,
): Promise<KitEntry[]> {
  const fetched = await fetchEach(
    requirements.pins,
    progress,
    (pin) => `${pin.name}==${pin.version}`,
    (pin) => fetchPin(ctx, endpoint, target, pin),
  );
  return [...fetched, ...requirements.skipped.map((skip) => skippedEntry(skip.line, '', skip.reason))];
}
