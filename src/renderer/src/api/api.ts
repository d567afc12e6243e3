/**
 * The renderer's one door to the service. Every slice of the store calls this object and nothing
 * else, so the same screens run in the desktop window and in the web console.
 */
import type { AppEventOf, AppEventType } from '../../../shared/app-events';
import type { UiInput, UiOperationName, UiOutput } from '../../../shared/app-operations';
import { ApiError } from './api-error';
import type { AssetRequest, Transport } from './transport';

export interface Api {
  /** Runs an operation; resolves with its output or rejects with an ApiError carrying the service's message. */
  invoke<O extends UiOperationName>(operation: O, input: UiInput<O>): Promise<UiOutput<O>>;
  /** Calls `listener` for each event of `type`; returns the function that stops it. */
  on<T extends AppEventType>(type: T, listener: (event: AppEventOf<T>) => void): () => void;
  /** Downloads an asset: a Blob for the caller to save (console), or nothing when already saved (desktop). */
  download(request: AssetRequest): Promise<Blob | void>;
}

export function createApi(transport: Transport): Api {
  return {
    async invoke<O extends UiOperationName>(operation: O, input: UiInput<O>): Promise<UiOutput<O>> {
      const envelope = await transport.call(operation, input);
      if (!envelope.ok) throw ApiError.fromEnvelope(envelope.error);
      return envelope.value as UiOutput<O>;
    },
    on<T extends AppEventType>(type: T, listener: (event: AppEventOf<T>) => void) {
      return transport.subscribe((event) => {
        if (event.type === type) listener(event as AppEventOf<T>);
      });
    },
    async download(request) {
      const envelope = await transport.download(request);
      if (!envelope.ok) throw ApiError.fromEnvelope(envelope.error);
      return envelope.value;
    },
  };
}
