/**
 * Quick start: one action that builds a working laptop registry — a domain (unless it exists), a
 * store repository per served client format with its public connection, and an `app` repository
 * with those stores as upstreams — then reads what the client setup needs (each format's endpoint
 * of `app` and an authorization token). Steps that find their resource already there count as done,
 * so running it again completes a half-built setup instead of failing.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { Slice } from './app-store';
import { errorName } from '../api/api-error';
import { toUiError, type UiError } from './load-state';

export interface QuickStartStore {
  readonly repository: string;
  readonly externalConnection: string;
  readonly format: PackageFormat;
}

export const quickStartStores: readonly QuickStartStore[] = [
  { repository: 'npm-store', externalConnection: 'public:npmjs', format: 'npm' },
  { repository: 'pypi-store', externalConnection: 'public:pypi', format: 'pypi' },
  { repository: 'maven-store', externalConnection: 'public:maven-central', format: 'maven' },
];

export const quickStartApp = 'app';

export type StepState = 'pending' | 'running' | 'done' | 'existing' | 'failed';

export interface QuickStartStep {
  readonly label: string;
  readonly state: StepState;
}

export interface QuickStartResult {
  readonly domain: string;
  /** GetRepositoryEndpoint of `app` for each store's format. */
  readonly endpoints: Readonly<Partial<Record<PackageFormat, string>>>;
  readonly token: string;
  readonly expiration?: Date;
}

export interface QuickStartSlice {
  quickStart: {
    status: 'idle' | 'running' | 'done' | 'error';
    steps: QuickStartStep[];
    result?: QuickStartResult;
    error?: UiError;
  };
  runQuickStart(domain: string): Promise<void>;
  resetQuickStart(): void;
}

interface PlannedStep {
  readonly label: string;
  run(): Promise<unknown>;
}

export const createQuickStartSlice: Slice<QuickStartSlice> =
  ({ api }) =>
  (set, get) => {
    function plan(domain: string): PlannedStep[] {
      return [
        { label: `Create domain ${domain}`, run: () => api.invoke('CreateDomain', { domain }) },
        ...quickStartStores.flatMap((store): PlannedStep[] => [
          {
            label: `Create ${store.repository}`,
            run: () =>
              api.invoke('CreateRepository', {
                domain,
                repository: store.repository,
                description: `${store.format} packages fetched through ${store.externalConnection}`,
              }),
          },
          {
            label: `Connect ${store.repository} to ${store.externalConnection}`,
            run: () =>
              api.invoke('AssociateExternalConnection', {
                domain,
                repository: store.repository,
                externalConnection: store.externalConnection,
              }),
          },
        ]),
        {
          label: `Create ${quickStartApp} with ${quickStartStores.map((store) => store.repository).join(', ')} as upstreams`,
          run: () =>
            api.invoke('CreateRepository', {
              domain,
              repository: quickStartApp,
              description: 'Publish here; installs fall through to the stores',
              upstreams: quickStartStores.map((store) => ({ repositoryName: store.repository })),
            }),
        },
      ];
    }

    function mark(index: number, state: StepState): void {
      set((current) => ({
        quickStart: {
          ...current.quickStart,
          steps: current.quickStart.steps.map((step, at) => (at === index ? { ...step, state } : step)),
        },
      }));
    }

    return {
      quickStart: { status: 'idle', steps: [] },

      resetQuickStart() {
        set({ quickStart: { status: 'idle', steps: [] } });
      },

      async runQuickStart(domain) {
        const steps = plan(domain);
        set({
          quickStart: {
            status: 'running',
            steps: steps.map((step) => ({ label: step.label, state: 'pending' })),
          },
        });
        try {
          for (const [index, step] of steps.entries()) {
            mark(index, 'running');
            try {
              await step.run();
              mark(index, 'done');
            } catch (error) {
              // Already there from an earlier run: that part of the setup is in place.
              if (errorName(error) !== 'ConflictException') {
                mark(index, 'failed');
                throw error;
              }
              mark(index, 'existing');
            }
          }
          const endpoints: Partial<Record<PackageFormat, string>> = {};
          for (const store of quickStartStores) {
            const answer = await api.invoke('GetRepositoryEndpoint', {
              domain,
              repository: quickStartApp,
              format: store.format,
            });
            if (answer.repositoryEndpoint) endpoints[store.format] = answer.repositoryEndpoint;
          }
          const token = await api.invoke('GetAuthorizationToken', { domain });
          set((current) => ({
            quickStart: {
              ...current.quickStart,
              status: 'done',
              result: {
                domain,
                endpoints,
                token: token.authorizationToken ?? '',
                expiration: token.expiration,
              },
            },
          }));
        } catch (error) {
          set((current) => ({
            quickStart: { ...current.quickStart, status: 'error', error: toUiError(error) },
          }));
        } finally {
          await Promise.all([get().loadDomains({ quiet: true }), get().loadRepositories(domain)]);
        }
      },
    };
  };
