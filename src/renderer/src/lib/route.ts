/**
 * Where the user is: a screen and what it shows. Routes are kept in the address's hash (`#/…`) so
 * reload, back and forward work in the console and the desktop window alike.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';

export type DomainTab = 'repositories' | 'graph' | 'groups' | 'activity' | 'storage' | 'promote' | 'trash';
export type RepositoryTab = 'packages' | 'settings' | 'connect';

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'settings' }
  /** Packages of every domain and repository whose name contains `query`. */
  | { readonly screen: 'search'; readonly query: string; readonly format?: PackageFormat }
  | { readonly screen: 'mirror' }
  | { readonly screen: 'kit' }
  | { readonly screen: 'domain'; readonly domain: string; readonly tab: DomainTab; readonly group?: string }
  | {
      readonly screen: 'repository';
      readonly domain: string;
      readonly repository: string;
      readonly tab: RepositoryTab;
    }
  | {
      readonly screen: 'package';
      readonly domain: string;
      readonly repository: string;
      readonly format: PackageFormat;
      readonly namespace?: string;
      readonly package: string;
    }
  | {
      readonly screen: 'version';
      readonly domain: string;
      readonly repository: string;
      readonly format: PackageFormat;
      readonly namespace?: string;
      readonly package: string;
      readonly version: string;
    };

const formats: readonly string[] = ['cargo', 'generic', 'maven', 'npm', 'nuget', 'pypi', 'ruby', 'swift'];
const domainTabs: readonly string[] = [
  'repositories',
  'graph',
  'groups',
  'activity',
  'storage',
  'promote',
  'trash',
];
const repositoryTabs: readonly string[] = ['packages', 'settings', 'connect'];

const part = (value: string): string => encodeURIComponent(value);

export function routeToHash(route: Route): string {
  switch (route.screen) {
    case 'home':
      return '#/';
    case 'settings':
      return '#/settings';
    case 'search':
      return `#/search/${route.format ?? 'all'}/${part(route.query)}`;
    case 'mirror':
      return '#/mirror';
    case 'kit':
      return '#/kit';
    case 'domain':
      return `#/d/${part(route.domain)}/${route.tab}${route.group ? `/${part(route.group)}` : ''}`;
    case 'repository':
      return `#/d/${part(route.domain)}/r/${part(route.repository)}/${route.tab}`;
    case 'package':
    case 'version': {
      const base = `#/d/${part(route.domain)}/r/${part(route.repository)}/p/${route.format}/${part(route.namespace ?? '')}/${part(route.package)}`;
      return route.screen === 'version' ? `${base}/v/${part(route.version)}` : base;
    }
  }
}

/** Reads a hash back into a route; anything unrecognised is the home screen. */
export function hashToRoute(hash: string): Route {
  let parts: string[];
  try {
    parts = hash
      .replace(/^#\/?/, '')
      .split('/')
      .filter((_, index, all) => !(index === all.length - 1 && all[index] === ''))
      .map(decodeURIComponent);
  } catch {
    return { screen: 'home' };
  }
  if (parts.length === 1 && parts[0] === 'settings') return { screen: 'settings' };
  if (parts[0] === 'search') {
    const format = parts[1];
    const query = parts.slice(2).join('/');
    return format && formats.includes(format)
      ? { screen: 'search', query, format: format as PackageFormat }
      : { screen: 'search', query };
  }
  if (parts.length === 1 && parts[0] === 'mirror') return { screen: 'mirror' };
  if (parts.length === 1 && parts[0] === 'kit') return { screen: 'kit' };
  if (parts[0] !== 'd' || !parts[1]) return { screen: 'home' };
  const domain = parts[1];
  if (parts[2] !== 'r') {
    const tab = parts[2] ?? 'repositories';
    if (!domainTabs.includes(tab)) return { screen: 'home' };
    const group = tab === 'groups' && parts[3] ? parts[3] : undefined;
    return group
      ? { screen: 'domain', domain, tab: tab as DomainTab, group }
      : { screen: 'domain', domain, tab: tab as DomainTab };
  }
  const repository = parts[3];
  if (!repository) return { screen: 'home' };
  if (parts[4] !== 'p') {
    const tab = parts[4] ?? 'packages';
    return repositoryTabs.includes(tab)
      ? { screen: 'repository', domain, repository, tab: tab as RepositoryTab }
      : { screen: 'home' };
  }
  const [format, namespace, name] = [parts[5], parts[6], parts[7]];
  if (!format || !formats.includes(format) || namespace === undefined || !name) return { screen: 'home' };
  const pkg = {
    domain,
    repository,
    format: format as PackageFormat,
    package: name,
    ...(namespace ? { namespace } : {}),
  };
  if (parts[8] === 'v' && parts[9]) return { screen: 'version', ...pkg, version: parts[9] };
  return { screen: 'package', ...pkg };
}
