/**
 * What a version's package.json says, in the two shapes the endpoint needs: the engine's version
 * metadata (summary, home page, repository, licences, readme, dependencies with their npm types),
 * and the manifest fields a packument carries for the version (what npm's resolver reads before it
 * downloads anything: dependencies of every kind, bin, engines, os, cpu, install scripts …).
 */
import type {
  DependencyEntry,
  LicenseEntry,
  VersionMetadata,
} from '../../../engine/packages/package-records';
import { parseNpmName } from './npm-names';

export type Manifest = Record<string, unknown>;

const dependencyFields = [
  ['dependencies', 'regular'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
] as const;

/** Fields of package.json a packument carries per version (the full form adds the descriptive ones). */
const resolverFields = [
  'name',
  'version',
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'bundledDependencies',
  'devDependencies',
  'bin',
  'directories',
  'engines',
  'os',
  'cpu',
  'libc',
  'funding',
  'deprecated',
  'workspaces',
] as const;
const descriptiveFields = [
  'description',
  'keywords',
  'author',
  'contributors',
  'maintainers',
  'license',
  'homepage',
  'repository',
  'bugs',
  'main',
  'module',
  'types',
  'exports',
  'type',
  'files',
  'scripts',
  'gitHead',
] as const;

const installScripts = ['preinstall', 'install', 'postinstall'] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function repositoryUrl(value: unknown): string | undefined {
  return text(value) ?? text(record(value)?.url);
}

function licenses(manifest: Manifest): LicenseEntry[] | undefined {
  const single = manifest.license;
  if (typeof single === 'string' && single.trim() !== '') return [{ name: single.trim() }];
  const entries: LicenseEntry[] = [];
  const list = Array.isArray(manifest.licenses) ? manifest.licenses : record(single) ? [single] : [];
  for (const entry of list) {
    const fields = record(entry);
    const name = text(fields?.type) ?? text(fields?.name) ?? text(entry);
    const url = text(fields?.url);
    if (name || url) entries.push({ ...(name ? { name } : {}), ...(url ? { url } : {}) });
  }
  return entries.length > 0 ? entries : undefined;
}

function dependencies(manifest: Manifest): DependencyEntry[] {
  const out: DependencyEntry[] = [];
  for (const [field, type] of dependencyFields) {
    const deps = record(manifest[field]);
    if (!deps) continue;
    for (const [full, requirement] of Object.entries(deps)) {
      const parsed = parseNpmName(full);
      const entry: DependencyEntry = {
        ...(parsed?.scope ? { namespace: parsed.scope } : {}),
        package: parsed?.name ?? full,
        dependencyType: type,
        ...(typeof requirement === 'string' ? { versionRequirement: requirement } : {}),
      };
      out.push(entry);
    }
  }
  return out;
}

export function versionMetadataOf(manifest: Manifest, readme: string | undefined): VersionMetadata {
  const summary = text(manifest.description);
  const homePage = text(manifest.homepage);
  const sourceCodeRepository = repositoryUrl(manifest.repository);
  const license = licenses(manifest);
  const readmeText = readme ?? text(manifest.readme);
  return {
    ...(summary ? { summary } : {}),
    ...(homePage ? { homePage } : {}),
    ...(sourceCodeRepository ? { sourceCodeRepository } : {}),
    ...(license ? { licenses: license } : {}),
    ...(readmeText ? { readme: readmeText } : {}),
    dependencies: dependencies(manifest),
  };
}

/** The per-version part of a packument, from the version's package.json. */
export function packumentFields(manifest: Manifest, full: boolean): Manifest {
  const out: Manifest = {};
  for (const field of full ? [...resolverFields, ...descriptiveFields] : resolverFields) {
    if (manifest[field] !== undefined) out[field] = manifest[field];
  }
  const scripts = record(manifest.scripts);
  if (scripts && installScripts.some((name) => typeof scripts[name] === 'string'))
    out.hasInstallScript = true;
  if (manifest.gypfile === true) out.hasInstallScript = true;
  return out;
}

/**
 * The blob_facts kind kept with an npm tarball: the packument fields of its package.json as two JSON
 * objects on two lines, the installer's fields (the abbreviated form) then the descriptive rest
 * (added in the full form).
 */
export const npmPackumentFact = 'npm';

/** The two JSON objects of an npm tarball's stored fields (see npmPackumentFact). */
export function splitNpmFacts(body: string): { install: string; describe: string } {
  const cut = body.indexOf('\n');
  return cut < 0
    ? { install: body, describe: '{}' }
    : { install: body.slice(0, cut), describe: body.slice(cut + 1) };
}

/** Fields every packument form sets from the version's record, never from package.json. */
const recordFields = ['name', 'version', 'deprecated'];

/**
 * What a tarball's package.json contributes to packuments, split so that no read has to parse it:
 * the installer's fields (the abbreviated form) and the descriptive rest (added in the full form).
 */
export function npmManifestFacts(manifest: Manifest | undefined): Record<string, string> {
  const install = packumentFields(manifest ?? {}, false);
  const full = packumentFields(manifest ?? {}, true);
  const describe: Manifest = {};
  for (const [field, value] of Object.entries(full)) if (!(field in install)) describe[field] = value;
  for (const field of recordFields) delete install[field];
  return { [npmPackumentFact]: `${JSON.stringify(install)}\n${JSON.stringify(describe)}` };
}
