/**
 * The core metadata twine sends as form fields next to the file (the fields of the distribution's
 * METADATA or PKG-INFO), turned into the version metadata the engine keeps: summary, description as
 * readme, licence (the License field, an SPDX expression, or the licence classifiers), home page and
 * source repository (Home-page and Project-URL), and Requires-Dist as dependencies.
 */
import type {
  DependencyEntry,
  LicenseEntry,
  VersionMetadata,
} from '../../../engine/packages/package-records';
import { normalisePypiName } from './pypi-names';

/** Form fields, each possibly repeated (classifiers, requires_dist, project_urls). */
export type FormFields = ReadonlyMap<string, readonly string[]>;

/** How Requires-Python is kept among a version's dependencies (the engine has no column of its own for it). */
export const requiresPythonDependency = { package: 'python', dependencyType: 'requires_python' } as const;

export function firstField(fields: FormFields, name: string): string | undefined {
  const value = fields.get(name)?.[0]?.trim();
  return value === undefined || value === '' || value === 'UNKNOWN' ? undefined : value;
}

/** `requests[socks] (>=2.0) ; python_version < "3.8"` → package `requests`, requirement `>=2.0; python_version < "3.8"`. */
export function parseRequiresDist(line: string): DependencyEntry | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(line);
  if (!match?.[1]) return undefined;
  let rest = (match[3] ?? '').trim();
  const [spec = '', marker] = rest.split(';', 2);
  rest = spec
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const requirement = [rest, marker?.trim()].filter((part) => part).join('; ');
  const extraMatch = /extra\s*==\s*['"]([^'"]+)['"]/.exec(marker ?? '');
  return {
    package: normalisePypiName(match[1]),
    dependencyType: extraMatch?.[1] ? `extra:${extraMatch[1]}` : 'install',
    versionRequirement: requirement === '' ? undefined : requirement,
  };
}

function projectUrls(fields: FormFields): { label: string; url: string }[] {
  return (fields.get('project_urls') ?? []).flatMap((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0) return [];
    const url = entry.slice(comma + 1).trim();
    return /^https?:\/\//i.test(url) ? [{ label: entry.slice(0, comma).trim().toLowerCase(), url }] : [];
  });
}

function licenses(fields: FormFields): LicenseEntry[] | undefined {
  const expression = firstField(fields, 'license_expression');
  if (expression) return [{ name: expression }];
  const license = firstField(fields, 'license');
  // Some projects paste the whole licence text into License; only its first line names it.
  if (license) return [{ name: license.split(/\r?\n/)[0]?.slice(0, 200) ?? license }];
  const classified = (fields.get('classifiers') ?? [])
    .filter((classifier) => classifier.startsWith('License ::'))
    .map((classifier) => ({ name: classifier.split('::').pop()?.trim() ?? classifier }))
    .filter((entry) => entry.name !== 'OSI Approved');
  return classified.length > 0 ? classified : undefined;
}

export function metadataFromFields(fields: FormFields): VersionMetadata {
  const urls = projectUrls(fields);
  const homePage =
    firstField(fields, 'home_page') ?? urls.find((entry) => /^home ?page$/.test(entry.label))?.url;
  const source = urls.find((entry) => /^(source|source code|repository|code|github)$/.test(entry.label))?.url;
  const dependencies: DependencyEntry[] = (fields.get('requires_dist') ?? []).flatMap((line) => {
    const parsed = parseRequiresDist(line);
    return parsed ? [parsed] : [];
  });
  const requiresPython = firstField(fields, 'requires_python');
  if (requiresPython) dependencies.push({ ...requiresPythonDependency, versionRequirement: requiresPython });
  return {
    summary: firstField(fields, 'summary'),
    readme: firstField(fields, 'description'),
    homePage,
    sourceCodeRepository: source,
    licenses: licenses(fields),
    dependencies,
  };
}
