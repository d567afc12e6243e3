/**
 * Domains: the list in the sidebar (every page of ListDomains) with each domain's description for
 * its counts (repositories, stored bytes), and creating or deleting a domain.
 */
import type { DomainDescription, DomainSummary } from '@aws-sdk/client-codeartifact';
import type { Slice } from './app-store';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import { collectPages } from './pagination';

export interface DomainsSlice {
  domains: { status: LoadStatus; items: DomainSummary[]; error?: UiError };
  /** DescribeDomain answers by domain name: repositoryCount and assetSizeBytes for the sidebar. */
  domainDetails: Record<string, DomainDescription>;
  loadDomains(options?: LoadOptions): Promise<void>;
  /** Creates a domain and reloads the list; rejects with the service's error. */
  createDomain(name: string): Promise<DomainDescription | undefined>;
  deleteDomain(name: string): Promise<void>;
}

export const createDomainsSlice: Slice<DomainsSlice> =
  ({ api }) =>
  (set, get) => {
    let generation = 0;
    return {
      domains: { status: 'idle', items: [] },
      domainDetails: {},

      async loadDomains(options = {}) {
        const mine = ++generation;
        if (!options.quiet || get().domains.status !== 'ready') {
          set((state) => ({ domains: { ...state.domains, status: 'loading', error: undefined } }));
        }
        try {
          const items = await collectPages(
            (nextToken) => api.invoke('ListDomains', { maxResults: 100, nextToken }),
            (page) => page.domains,
          );
          const described = await Promise.all(
            items.map((domain) =>
              domain.name
                ? api.invoke('DescribeDomain', { domain: domain.name }).then(
                    (result) => result.domain,
                    () => undefined,
                  )
                : undefined,
            ),
          );
          if (mine !== generation) return;
          const domainDetails: Record<string, DomainDescription> = {};
          for (const detail of described) if (detail?.name) domainDetails[detail.name] = detail;
          set({ domains: { status: 'ready', items }, domainDetails });
        } catch (error) {
          if (mine !== generation) return;
          set((state) => ({ domains: { ...state.domains, status: 'error', error: toUiError(error) } }));
        }
      },

      async createDomain(name) {
        const result = await api.invoke('CreateDomain', { domain: name });
        await get().loadDomains({ quiet: true });
        return result.domain;
      },

      async deleteDomain(name) {
        await api.invoke('DeleteDomain', { domain: name });
        await get().loadDomains({ quiet: true });
      },
    };
  };
