/**
 * Repositories: each domain's list (sidebar), package counts, the open repository's description,
 * permissions policy and tags, its settings actions (description, upstreams, external connection),
 * the domain's upstream graph, and what the Connect panel needs (endpoint and authorization token).
 */
import type {
  PackageFormat,
  RepositoryDescription,
  RepositorySummary,
  ResourcePolicy,
  Tag,
} from '@aws-sdk/client-codeartifact';
import { ApiError } from '../api/api-error';
import { checkPolicyDocument, PolicyDocumentError } from '../lib/policy-json';
import type { Slice } from './app-store';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import { collectPages } from './pagination';
import { repositoryKey, type RepositoryRef } from './refs';

export interface RepositoryList {
  status: LoadStatus;
  items: RepositorySummary[];
  error?: UiError;
}

export interface NewRepository {
  readonly repository: string;
  readonly description?: string;
  readonly upstreams?: readonly string[];
}

export interface RepositoryChanges {
  readonly description?: string;
  /** The complete ordered list of upstreams (UpdateRepository replaces it). */
  readonly upstreams?: readonly string[];
}

export interface RepositoriesSlice {
  repositories: Record<string, RepositoryList>;
  /** Number of packages by repositoryKey, counted through every page of ListPackages. */
  packageCounts: Record<string, number>;
  repository: { key?: string; status: LoadStatus; description?: RepositoryDescription; error?: UiError };
  policy: { key?: string; status: LoadStatus; policy?: ResourcePolicy; error?: UiError };
  tags: { arn?: string; status: LoadStatus; items: Tag[]; error?: UiError };
  /** Every repository of a domain with its upstreams and external connections (the graph). */
  domainGraph: {
    domain?: string;
    status: LoadStatus;
    repositories: RepositoryDescription[];
    error?: UiError;
  };
  connect: { key?: string; format?: PackageFormat; status: LoadStatus; endpoint?: string; error?: UiError };
  authToken: { domain?: string; status: LoadStatus; token?: string; expiration?: Date; error?: UiError };

  loadRepositories(domain: string, options?: LoadOptions): Promise<void>;
  countPackages(ref: RepositoryRef): Promise<void>;
  loadRepository(ref: RepositoryRef, options?: LoadOptions): Promise<void>;
  createRepository(domain: string, repository: NewRepository): Promise<RepositoryDescription | undefined>;
  deleteRepository(ref: RepositoryRef): Promise<void>;
  updateRepository(ref: RepositoryRef, changes: RepositoryChanges): Promise<void>;
  associateExternalConnection(ref: RepositoryRef, externalConnection: string): Promise<void>;
  disassociateExternalConnection(ref: RepositoryRef, externalConnection: string): Promise<void>;
  loadPolicy(ref: RepositoryRef): Promise<void>;
  /** Refuses text that is not a JSON object with a PolicyDocumentError before anything is sent. */
  savePolicy(ref: RepositoryRef, text: string): Promise<void>;
  deletePolicy(ref: RepositoryRef): Promise<void>;
  loadTags(resourceArn: string): Promise<void>;
  addTag(resourceArn: string, key: string, value: string): Promise<void>;
  removeTag(resourceArn: string, key: string): Promise<void>;
  loadDomainGraph(domain: string, options?: LoadOptions): Promise<void>;
  loadEndpoint(ref: RepositoryRef, format: PackageFormat): Promise<void>;
  loadAuthToken(domain: string): Promise<void>;
}

const pageSize = 1000;

export const createRepositoriesSlice: Slice<RepositoriesSlice> =
  ({ api }) =>
  (set, get) => {
    const latest = {
      lists: new Map<string, number>(),
      repository: 0,
      policy: 0,
      tags: 0,
      graph: 0,
      connect: 0,
      token: 0,
    };
    let counter = 0;
    const next = (): number => ++counter;

    async function listRepositoriesOf(domain: string): Promise<RepositorySummary[]> {
      return collectPages(
        (nextToken) => api.invoke('ListRepositoriesInDomain', { domain, maxResults: 100, nextToken }),
        (page) => page.repositories,
      );
    }

    function putRepositoryDescription(
      ref: RepositoryRef,
      description: RepositoryDescription | undefined,
    ): void {
      if (get().repository.key === repositoryKey(ref) && description) {
        set({ repository: { key: repositoryKey(ref), status: 'ready', description } });
      }
    }

    return {
      repositories: {},
      packageCounts: {},
      repository: { status: 'idle' },
      policy: { status: 'idle' },
      tags: { status: 'idle', items: [] },
      domainGraph: { status: 'idle', repositories: [] },
      connect: { status: 'idle' },
      authToken: { status: 'idle' },

      async loadRepositories(domain, options = {}) {
        const mine = next();
        latest.lists.set(domain, mine);
        const current = get().repositories[domain];
        if (!options.quiet || current?.status !== 'ready') {
          set((state) => ({
            repositories: {
              ...state.repositories,
              [domain]: { items: current?.items ?? [], status: 'loading' },
            },
          }));
        }
        try {
          const items = await listRepositoriesOf(domain);
          if (latest.lists.get(domain) !== mine) return;
          set((state) => ({ repositories: { ...state.repositories, [domain]: { status: 'ready', items } } }));
        } catch (error) {
          if (latest.lists.get(domain) !== mine) return;
          set((state) => ({
            repositories: {
              ...state.repositories,
              [domain]: { items: current?.items ?? [], status: 'error', error: toUiError(error) },
            },
          }));
        }
      },

      async countPackages(ref) {
        try {
          let count = 0;
          await collectPages(
            (nextToken) => api.invoke('ListPackages', { ...ref, maxResults: pageSize, nextToken }),
            (page) => {
              count += page.packages?.length ?? 0;
              return [];
            },
          );
          set((state) => ({ packageCounts: { ...state.packageCounts, [repositoryKey(ref)]: count } }));
        } catch {
          // A count is a hint in the sidebar; the repository's own screen reports real failures.
          set((state) => {
            const packageCounts = { ...state.packageCounts };
            delete packageCounts[repositoryKey(ref)];
            return { packageCounts };
          });
        }
      },

      async loadRepository(ref, options = {}) {
        const key = repositoryKey(ref);
        const mine = (latest.repository = next());
        const current = get().repository;
        if (!options.quiet || current.key !== key || current.status !== 'ready') {
          set({
            repository: {
              key,
              status: 'loading',
              description: current.key === key ? current.description : undefined,
            },
          });
        }
        try {
          const { repository } = await api.invoke('DescribeRepository', ref);
          if (latest.repository !== mine) return;
          set({ repository: { key, status: 'ready', description: repository } });
        } catch (error) {
          if (latest.repository !== mine) return;
          set({ repository: { key, status: 'error', error: toUiError(error) } });
        }
      },

      async createRepository(domain, input) {
        const { repository } = await api.invoke('CreateRepository', {
          domain,
          repository: input.repository,
          description: input.description || undefined,
          upstreams: input.upstreams?.length
            ? input.upstreams.map((repositoryName) => ({ repositoryName }))
            : undefined,
        });
        await Promise.all([
          get().loadRepositories(domain, { quiet: true }),
          get().loadDomains({ quiet: true }),
        ]);
        return repository;
      },

      async deleteRepository(ref) {
        await api.invoke('DeleteRepository', ref);
        await Promise.all([
          get().loadRepositories(ref.domain, { quiet: true }),
          get().loadDomains({ quiet: true }),
        ]);
      },

      async updateRepository(ref, changes) {
        const { repository } = await api.invoke('UpdateRepository', {
          ...ref,
          description: changes.description,
          upstreams: changes.upstreams?.map((repositoryName) => ({ repositoryName })),
        });
        putRepositoryDescription(ref, repository);
        await get().loadRepositories(ref.domain, { quiet: true });
        if (get().domainGraph.domain === ref.domain) await get().loadDomainGraph(ref.domain, { quiet: true });
      },

      async associateExternalConnection(ref, externalConnection) {
        const { repository } = await api.invoke('AssociateExternalConnection', {
          ...ref,
          externalConnection,
        });
        putRepositoryDescription(ref, repository);
        if (get().domainGraph.domain === ref.domain) await get().loadDomainGraph(ref.domain, { quiet: true });
      },

      async disassociateExternalConnection(ref, externalConnection) {
        const { repository } = await api.invoke('DisassociateExternalConnection', {
          ...ref,
          externalConnection,
        });
        putRepositoryDescription(ref, repository);
        if (get().domainGraph.domain === ref.domain) await get().loadDomainGraph(ref.domain, { quiet: true });
      },

      async loadPolicy(ref) {
        const key = repositoryKey(ref);
        const mine = (latest.policy = next());
        set({ policy: { key, status: 'loading' } });
        try {
          const { policy } = await api.invoke('GetRepositoryPermissionsPolicy', ref);
          if (latest.policy !== mine) return;
          set({ policy: { key, status: 'ready', policy } });
        } catch (error) {
          if (latest.policy !== mine) return;
          // The repository itself was found (its screen is open), so "not found" here means no policy yet.
          if (error instanceof ApiError && error.name === 'ResourceNotFoundException') {
            set({ policy: { key, status: 'ready' } });
          } else {
            set({ policy: { key, status: 'error', error: toUiError(error) } });
          }
        }
      },

      async savePolicy(ref, text) {
        const check = checkPolicyDocument(text);
        if (!check.ok) throw new PolicyDocumentError(check.message);
        const current = get().policy;
        const { policy } = await api.invoke('PutRepositoryPermissionsPolicy', {
          ...ref,
          policyDocument: check.document,
          policyRevision: current.key === repositoryKey(ref) ? current.policy?.revision : undefined,
        });
        set({ policy: { key: repositoryKey(ref), status: 'ready', policy } });
      },

      async deletePolicy(ref) {
        const current = get().policy;
        await api.invoke('DeleteRepositoryPermissionsPolicy', {
          ...ref,
          policyRevision: current.key === repositoryKey(ref) ? current.policy?.revision : undefined,
        });
        set({ policy: { key: repositoryKey(ref), status: 'ready' } });
      },

      async loadTags(resourceArn) {
        const mine = (latest.tags = next());
        set((state) => ({
          tags: {
            arn: resourceArn,
            status: 'loading',
            items: state.tags.arn === resourceArn ? state.tags.items : [],
          },
        }));
        try {
          const { tags } = await api.invoke('ListTagsForResource', { resourceArn });
          if (latest.tags !== mine) return;
          set({ tags: { arn: resourceArn, status: 'ready', items: tags ?? [] } });
        } catch (error) {
          if (latest.tags !== mine) return;
          set({ tags: { arn: resourceArn, status: 'error', items: [], error: toUiError(error) } });
        }
      },

      async addTag(resourceArn, key, value) {
        await api.invoke('TagResource', { resourceArn, tags: [{ key, value }] });
        await get().loadTags(resourceArn);
      },

      async removeTag(resourceArn, key) {
        await api.invoke('UntagResource', { resourceArn, tagKeys: [key] });
        await get().loadTags(resourceArn);
      },

      async loadDomainGraph(domain, options = {}) {
        const mine = (latest.graph = next());
        const current = get().domainGraph;
        if (!options.quiet || current.domain !== domain || current.status !== 'ready') {
          set({
            domainGraph: {
              domain,
              status: 'loading',
              repositories: current.domain === domain ? current.repositories : [],
            },
          });
        }
        try {
          const summaries = await listRepositoriesOf(domain);
          const described = await Promise.all(
            summaries.map(async (summary) => {
              const { repository } = await api.invoke('DescribeRepository', {
                domain,
                repository: summary.name,
              });
              return repository ?? { name: summary.name };
            }),
          );
          if (latest.graph !== mine) return;
          set({ domainGraph: { domain, status: 'ready', repositories: described } });
        } catch (error) {
          if (latest.graph !== mine) return;
          set({ domainGraph: { domain, status: 'error', repositories: [], error: toUiError(error) } });
        }
      },

      async loadEndpoint(ref, format) {
        const key = repositoryKey(ref);
        const mine = (latest.connect = next());
        set({ connect: { key, format, status: 'loading' } });
        try {
          const { repositoryEndpoint } = await api.invoke('GetRepositoryEndpoint', { ...ref, format });
          if (latest.connect !== mine) return;
          set({ connect: { key, format, status: 'ready', endpoint: repositoryEndpoint } });
        } catch (error) {
          if (latest.connect !== mine) return;
          set({ connect: { key, format, status: 'error', error: toUiError(error) } });
        }
      },

      async loadAuthToken(domain) {
        const mine = (latest.token = next());
        set({ authToken: { domain, status: 'loading' } });
        try {
          const { authorizationToken, expiration } = await api.invoke('GetAuthorizationToken', { domain });
          if (latest.token !== mine) return;
          set({ authToken: { domain, status: 'ready', token: authorizationToken, expiration } });
        } catch (error) {
          if (latest.token !== mine) return;
          set({ authToken: { domain, status: 'error', error: toUiError(error) } });
        }
      },
    };
  };
