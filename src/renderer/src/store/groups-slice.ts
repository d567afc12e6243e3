/**
 * Package groups of a domain: the list (drawn as a tree through each group's parent), the open
 * group's description with its effective origin configuration, its associated packages and allowed
 * repositories, and creating, deleting and changing a group's origin controls.
 */
import type {
  AssociatedPackage,
  PackageGroupAllowedRepository,
  PackageGroupDescription,
  PackageGroupOriginRestrictionMode,
  PackageGroupOriginRestrictionType,
  PackageGroupSummary,
} from '@aws-sdk/client-codeartifact';
import type { Slice } from './app-store';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import { collectPages } from './pagination';

export const restrictionTypes: readonly PackageGroupOriginRestrictionType[] = [
  'PUBLISH',
  'EXTERNAL_UPSTREAM',
  'INTERNAL_UPSTREAM',
];

export interface NewPackageGroup {
  readonly pattern: string;
  readonly description?: string;
  readonly contactInfo?: string;
}

export interface OriginChange {
  readonly restrictions: Partial<
    Record<PackageGroupOriginRestrictionType, PackageGroupOriginRestrictionMode>
  >;
  readonly addAllowedRepositories?: PackageGroupAllowedRepository[];
  readonly removeAllowedRepositories?: PackageGroupAllowedRepository[];
}

export interface GroupDetail {
  key?: string;
  status: LoadStatus;
  description?: PackageGroupDescription;
  associated: AssociatedPackage[];
  allowedRepositories: Partial<Record<PackageGroupOriginRestrictionType, string[]>>;
  error?: UiError;
}

export interface GroupsSlice {
  groups: { domain?: string; status: LoadStatus; items: PackageGroupSummary[]; error?: UiError };
  group: GroupDetail;
  loadGroups(domain: string, options?: LoadOptions): Promise<void>;
  loadGroup(domain: string, pattern: string, options?: LoadOptions): Promise<void>;
  createGroup(domain: string, group: NewPackageGroup): Promise<void>;
  deleteGroup(domain: string, pattern: string): Promise<void>;
  updateGroupOrigin(domain: string, pattern: string, change: OriginChange): Promise<void>;
}

export interface GroupTreeNode {
  readonly group: PackageGroupSummary;
  readonly children: GroupTreeNode[];
}

/** Arranges groups under their parents; a group whose parent is not listed becomes a root. */
export function groupTree(items: readonly PackageGroupSummary[]): GroupTreeNode[] {
  const nodes = new Map<string, GroupTreeNode>();
  for (const group of items) if (group.pattern) nodes.set(group.pattern, { group, children: [] });
  const roots: GroupTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.group.parent?.pattern ? nodes.get(node.group.parent.pattern) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: GroupTreeNode[]): void => {
    list.sort((a, b) => (a.group.pattern ?? '').localeCompare(b.group.pattern ?? ''));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

export const groupKey = (domain: string, pattern: string): string => JSON.stringify([domain, pattern]);

export const createGroupsSlice: Slice<GroupsSlice> =
  ({ api }) =>
  (set, get) => {
    let listGeneration = 0;
    let detailGeneration = 0;
    return {
      groups: { status: 'idle', items: [] },
      group: { status: 'idle', associated: [], allowedRepositories: {} },

      async loadGroups(domain, options = {}) {
        const mine = ++listGeneration;
        const current = get().groups;
        if (!options.quiet || current.domain !== domain || current.status !== 'ready') {
          set({
            groups: { domain, status: 'loading', items: current.domain === domain ? current.items : [] },
          });
        }
        try {
          const items = await collectPages(
            (nextToken) => api.invoke('ListPackageGroups', { domain, maxResults: 1000, nextToken }),
            (page) => page.packageGroups,
          );
          if (mine !== listGeneration) return;
          set({ groups: { domain, status: 'ready', items } });
        } catch (error) {
          if (mine !== listGeneration) return;
          set({ groups: { domain, status: 'error', items: [], error: toUiError(error) } });
        }
      },

      async loadGroup(domain, pattern, options = {}) {
        const key = groupKey(domain, pattern);
        const mine = ++detailGeneration;
        const current = get().group;
        if (!options.quiet || current.key !== key) {
          set({ group: { key, status: 'loading', associated: [], allowedRepositories: {} } });
        }
        try {
          const [{ packageGroup }, associated] = await Promise.all([
            api.invoke('DescribePackageGroup', { domain, packageGroup: pattern }),
            collectPages(
              (nextToken) =>
                api.invoke('ListAssociatedPackages', {
                  domain,
                  packageGroup: pattern,
                  maxResults: 1000,
                  nextToken,
                }),
              (page) => page.packages,
            ),
          ]);
          const restrictions = packageGroup?.originConfiguration?.restrictions ?? {};
          const allowedRepositories: GroupDetail['allowedRepositories'] = {};
          await Promise.all(
            restrictionTypes
              .filter((type) => restrictions[type]?.mode === 'ALLOW_SPECIFIC_REPOSITORIES')
              .map(async (type) => {
                allowedRepositories[type] = await collectPages(
                  (nextToken) =>
                    api.invoke('ListAllowedRepositoriesForGroup', {
                      domain,
                      packageGroup: pattern,
                      originRestrictionType: type,
                      maxResults: 1000,
                      nextToken,
                    }),
                  (page) => page.allowedRepositories,
                );
              }),
          );
          if (mine !== detailGeneration) return;
          set({
            group: { key, status: 'ready', description: packageGroup, associated, allowedRepositories },
          });
        } catch (error) {
          if (mine !== detailGeneration) return;
          set({
            group: { key, status: 'error', associated: [], allowedRepositories: {}, error: toUiError(error) },
          });
        }
      },

      async createGroup(domain, group) {
        await api.invoke('CreatePackageGroup', {
          domain,
          packageGroup: group.pattern,
          description: group.description || undefined,
          contactInfo: group.contactInfo || undefined,
        });
        await get().loadGroups(domain, { quiet: true });
      },

      async deleteGroup(domain, pattern) {
        await api.invoke('DeletePackageGroup', { domain, packageGroup: pattern });
        if (get().group.key === groupKey(domain, pattern)) {
          set({ group: { status: 'idle', associated: [], allowedRepositories: {} } });
        }
        await get().loadGroups(domain, { quiet: true });
      },

      async updateGroupOrigin(domain, pattern, change) {
        await api.invoke('UpdatePackageGroupOriginConfiguration', {
          domain,
          packageGroup: pattern,
          restrictions: change.restrictions,
          addAllowedRepositories: change.addAllowedRepositories?.length
            ? change.addAllowedRepositories
            : undefined,
          removeAllowedRepositories: change.removeAllowedRepositories?.length
            ? change.removeAllowedRepositories
            : undefined,
        });
        // Sub-groups inherit, so their effective modes change too: re-read the list and the open group.
        await Promise.all([
          get().loadGroups(domain, { quiet: true }),
          get().loadGroup(domain, pattern, { quiet: true }),
        ]);
      },
    };
  };
