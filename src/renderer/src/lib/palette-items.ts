/**
 * What the command palette can jump to: the app's screens, every known domain (and its tabs) and
 * repository (and its tabs), and packages found by name. Places are matched word by word against
 * their label, so `app conn` finds "Connect to app".
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { PackageSearchHit } from '../../../shared/app-operations';
import type { Route } from './route';
import { displayPackageName } from '../store/refs';

export interface PaletteItem {
  readonly id: string;
  /** What the row says; the words typed are matched against it. */
  readonly label: string;
  /** A second, quieter line: where the place is. */
  readonly detail?: string;
  readonly kind: 'screen' | 'domain' | 'repository' | 'package' | 'search';
  readonly route: Route;
}

export function hitRoute(hit: PackageSearchHit): Route {
  return {
    screen: 'package',
    domain: hit.domain,
    repository: hit.repository,
    format: hit.format as PackageFormat,
    ...(hit.namespace ? { namespace: hit.namespace } : {}),
    package: hit.package,
  };
}

export function packageItem(hit: PackageSearchHit): PaletteItem {
  return {
    id: `package:${hit.domain}/${hit.repository}/${hit.format}/${hit.namespace ?? ''}/${hit.package}`,
    label: displayPackageName(hit.format, hit.namespace, hit.package),
    detail: `${hit.format} · ${hit.domain} / ${hit.repository}`,
    kind: 'package',
    route: hitRoute(hit),
  };
}

/** Every place the palette knows without asking the service. */
export function placeItems(
  domains: readonly string[],
  repositories: Readonly<Record<string, readonly string[]>>,
): PaletteItem[] {
  const items: PaletteItem[] = [
    { id: 'screen:home', label: 'Home', detail: 'All domains', kind: 'screen', route: { screen: 'home' } },
    { id: 'screen:settings', label: 'Settings', kind: 'screen', route: { screen: 'settings' } },
  ];
  for (const domain of domains) {
    items.push(
      {
        id: `domain:${domain}`,
        label: domain,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'repositories' },
      },
      {
        id: `domain:${domain}:graph`,
        label: `Upstream graph of ${domain}`,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'graph' },
      },
      {
        id: `domain:${domain}:activity`,
        label: `Activity of ${domain}`,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'activity' },
      },
      {
        id: `domain:${domain}:storage`,
        label: `Storage of ${domain}`,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'storage' },
      },
      {
        id: `domain:${domain}:groups`,
        label: `Package groups of ${domain}`,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'groups' },
      },
      {
        id: `domain:${domain}:promote`,
        label: `Diff and promote in ${domain}`,
        detail: 'Domain',
        kind: 'domain',
        route: { screen: 'domain', domain, tab: 'promote' },
      },
    );
    for (const repository of repositories[domain] ?? []) {
      const detail = `Repository in ${domain}`;
      items.push(
        {
          id: `repository:${domain}/${repository}`,
          label: repository,
          detail,
          kind: 'repository',
          route: { screen: 'repository', domain, repository, tab: 'packages' },
        },
        {
          id: `repository:${domain}/${repository}:connect`,
          label: `Connect to ${repository}`,
          detail,
          kind: 'repository',
          route: { screen: 'repository', domain, repository, tab: 'connect' },
        },
        {
          id: `repository:${domain}/${repository}:settings`,
          label: `Settings of ${repository}`,
          detail,
          kind: 'repository',
          route: { screen: 'repository', domain, repository, tab: 'settings' },
        },
      );
    }
  }
  return items;
}

/** The places whose label (or detail) holds every word of `query`, exact and prefix matches first. */
export function matchPlaces(items: readonly PaletteItem[], query: string, limit: number): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.slice(0, limit);
  const whole = query.trim().toLowerCase();
  const rank = (item: PaletteItem): number => {
    const label = item.label.toLowerCase();
    return label === whole ? 0 : label.startsWith(whole) ? 1 : 2;
  };
  return items
    .filter((item) => {
      const text = `${item.label} ${item.detail ?? ''}`.toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ item }) => item);
}
