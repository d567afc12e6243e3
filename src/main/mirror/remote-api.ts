/**
 * The two sides a mirror compares, behind one call shape: the local engine's `invoke` and a remote
 * CodeArtifact reached with the AWS SDK. Credentials come from the AWS profile chain exactly as the
 * AWS CLI finds them (environment, `~/.aws/config` and `credentials` profiles, SSO cache, process
 * credentials, instance roles); the app keeps none. Throttling and server errors are retried by the
 * SDK's standard retry strategy (exponential backoff with jitter, only for errors AWS marks retryable).
 */
import type * as CodeArtifact from '@aws-sdk/client-codeartifact';
import type { OperationOutput } from '../../shared/operations';
import type { MirrorRemote } from '../../shared/mirror';
import type { Invoke } from '../engine/invoke';

/** One shape for both sides: the local engine's `invoke`, or the SDK calling the remote. */
export type CallApi = Invoke;

export interface RemoteSide {
  readonly call: CallApi;
  /** The profile the credentials come from, as messages name it. */
  readonly profile: string;
  destroy(): void;
}

/** Attempts per call, the first included; the SDK's default of 3 gives up too early on a busy remote. */
const maxAttempts = 8;

type CommandConstructor = new (input: unknown) => Parameters<CodeArtifact.CodeartifactClient['send']>[0];

export function profileOf(remote: MirrorRemote): string {
  return remote.profile ?? process.env.AWS_PROFILE ?? 'default';
}

interface Sdk {
  readonly commands: Record<string, CommandConstructor>;
  readonly client: (remote: MirrorRemote) => CodeArtifact.CodeartifactClient;
}

let sdk: Promise<Sdk> | undefined;

/**
 * The AWS SDK is loaded at the first remote call, not at start-up: its modules take about half a
 * second to load, and only a mirror needs them.
 */
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([
    import('@aws-sdk/client-codeartifact'),
    import('@aws-sdk/credential-provider-node'),
  ]).then(([codeArtifact, { defaultProvider }]) => ({
    commands: codeArtifact as unknown as Record<string, CommandConstructor>,
    client: (remote) =>
      new codeArtifact.CodeartifactClient({
        region: remote.region,
        ...(remote.endpoint ? { endpoint: remote.endpoint } : {}),
        credentials: defaultProvider(remote.profile ? { profile: remote.profile } : {}),
        maxAttempts,
        retryMode: 'standard',
      }),
  }));
  return sdk;
}

export function connectRemote(remote: MirrorRemote): RemoteSide {
  const profile = profileOf(remote);
  let client: CodeArtifact.CodeartifactClient | undefined;
  let destroyed = false;
  const call: CallApi = async (operation, input) => {
    const { commands, client: newClient } = await loadSdk();
    const Command = commands[`${operation}Command`];
    if (!Command) throw new Error(`The AWS SDK has no command for ${operation}.`);
    if (destroyed) throw new Error('The connection to the remote is closed.');
    client ??= newClient(remote);
    try {
      return (await client.send(new Command(input))) as OperationOutput<typeof operation>;
    } catch (error) {
      throw remoteError(error, remote, profile);
    }
  };
  return {
    call,
    profile,
    destroy: () => {
      destroyed = true;
      client?.destroy();
    },
  };
}

/** Errors that mean the credentials themselves are refused or missing: no point going on. */
const credentialErrors = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

export class RemoteCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteCredentialsError';
  }
}

function remoteError(error: unknown, remote: MirrorRemote, profile: string): unknown {
  if (!(error instanceof Error) || !credentialErrors.has(error.name)) return error;
  const where = remote.endpoint ? `${remote.endpoint} (${remote.region})` : `region ${remote.region}`;
  if (error.name === 'CredentialsProviderError') {
    return new RemoteCredentialsError(
      `No AWS credentials found for profile '${profile}': ${error.message} Sign in (aws sso login --profile ${profile}) or choose another profile.`,
    );
  }
  return new RemoteCredentialsError(
    `The remote at ${where} refused the credentials of AWS profile '${profile}' (${error.name}): ${error.message}`,
  );
}

/** Whether an error says the resource is absent (the side lacks a domain, repository or version). */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}
