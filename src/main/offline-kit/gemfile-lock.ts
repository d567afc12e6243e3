/**
 * The gems of a Bundler `Gemfile.lock`: the `specs:` of each GEM section (`name (version)` or
 * `name (version-platform)` four spaces in, with the section's `remote:`), the PLATFORMS list and,
 * when Bundler wrote one (2.5 and later), the CHECKSUMS section (`name (version) sha256=HEX`). Specs
 * of GIT, PATH and PLUGIN SOURCE sections are listed as skipped with the reason: Bundler takes them
 * from the git repository, the project's folder or the plugin, never from a gem server.
 *
 * Written here rather than taken from a package: the one JavaScript Gemfile.lock parser in common
 * use has not been released for years and knows neither CHECKSUMS nor platform-specific versions.
 * The grammar is Bundler's indentation-based one, small enough to read directly.
 */
import { isGemName, isGemVersion } from '../http/formats/ruby/gem-spec';

export interface LockedGem {
  readonly name: string;
  readonly version: string;
  /** `ruby` for a pure-Ruby gem, else the platform its file is built for (`x86_64-linux`). */
  readonly platform: string;
  /** The GEM section's `remote:` (where Bundler resolved it; the kit asks the repository instead). */
  readonly remote: string;
  /** The `.gem` file's SHA-256 from the CHECKSUMS section, lower-case hex. */
  readonly sha256?: string;
}

export interface SkippedGem {
  readonly name: string;
  readonly version: string;
  readonly reason: string;
}

export interface GemfileLockContents {
  readonly gems: LockedGem[];
  readonly skipped: SkippedGem[];
  /** The PLATFORMS section. */
  readonly platforms: string[];
}

/** `name (version)` or `name (version-platform)`: Bundler splits the version at the first `-`. */
const specPattern = /^(\S+) \(([^-\s)]+)(?:-([^\s)]+))?\)(?: (.*))?$/;

const sourceSections = new Map([
  ['GIT', 'from a git repository, which Bundler checks out itself'],
  ['PATH', "from a folder of the project's own, which Bundler reads itself"],
  ['PLUGIN SOURCE', 'from a Bundler plugin source'],
]);

interface Section {
  readonly name: string;
  remote: string;
}

function checksumKey(name: string, version: string, platform: string): string {
  return `${name} ${version} ${platform}`;
}

export function readGemfileLock(content: string): GemfileLockContents {
  const specs: { name: string; version: string; platform: string; section: Section }[] = [];
  const platforms: string[] = [];
  const checksums = new Map<string, string>();
  let section: Section | undefined;
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      section = { name: line.trim(), remote: '' };
      continue;
    }
    if (!section) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (section.name === 'PLATFORMS' && indent === 2) {
      platforms.push(body);
    } else if (section.name === 'CHECKSUMS' && indent === 2) {
      const match = specPattern.exec(body);
      const sha256 = /(?:^|,)sha256=([0-9a-fA-F]{64})(?:,|$)/.exec(match?.[4] ?? '')?.[1];
      if (match && sha256)
        checksums.set(checksumKey(match[1] ?? '', match[2] ?? '', match[3] ?? 'ruby'), sha256.toLowerCase());
    } else if (indent === 2 && body.startsWith('remote:')) {
      section.remote = body.slice('remote:'.length).trim();
    } else if (indent === 4) {
      // Dependencies of a spec are six spaces in; only the specs themselves are artifacts.
      const match = specPattern.exec(body);
      if (match)
        specs.push({
          name: match[1] ?? '',
          version: match[2] ?? '',
          platform: match[3] ?? 'ruby',
          section,
        });
    }
  }
  const gems: LockedGem[] = [];
  const skipped: SkippedGem[] = [];
  for (const spec of specs) {
    const fromSource = sourceSections.get(spec.section.name);
    if (fromSource !== undefined) {
      skipped.push({
        name: spec.name,
        version: spec.version,
        reason: `${fromSource} (${spec.section.remote})`,
      });
    } else if (spec.section.name !== 'GEM') {
      continue;
    } else if (!isGemName(spec.name) || !isGemVersion(spec.version)) {
      skipped.push({ name: spec.name, version: spec.version, reason: 'not a valid gem name and version' });
    } else {
      const sha256 = checksums.get(checksumKey(spec.name, spec.version, spec.platform));
      gems.push({
        name: spec.name,
        version: spec.version,
        platform: spec.platform,
        remote: spec.section.remote,
        ...(sha256 !== undefined ? { sha256 } : {}),
      });
    }
  }
  return { gems, skipped, platforms };
}
