/**
 * What the `api` object needs from whatever carries operations to the service: the Electron bridge in
 * the desktop app, or HTTP when the same renderer is served as the web console.
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';
import type { AppEvent } from '../../../shared/app-events';
import type { Envelope } from '../../../shared/app-operations';

/** One asset of one package version, as GetPackageVersionAsset names it. */
export type AssetRequest = GetPackageVersionAssetRequest;

export interface Transport {
  readonly kind: 'desktop' | 'console';
  /** Runs one operation; failures come back as `{ ok: false }` envelopes, never as rejections. */
  call(operation: string, input: unknown): Promise<Envelope<unknown>>;
  /** Listens to every event the service pushes; returns the function that stops listening. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** Saves an asset: the desktop asks where and writes the file itself (void); the console returns the bytes. */
  download(request: AssetRequest): Promise<Envelope<Blob | undefined>>;
}
