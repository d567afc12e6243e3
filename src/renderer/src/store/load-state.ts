/**
 * Shapes shared by the slices: how far a load got, and a failure kept as the service reported it
 * (name and message verbatim) so screens can show it unchanged.
 */
import { errorMessage, errorName } from '../api/api-error';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface UiError {
  readonly name?: string;
  readonly message: string;
}

export function toUiError(error: unknown): UiError {
  const name = errorName(error);
  return name === undefined ? { message: errorMessage(error) } : { name, message: errorMessage(error) };
}

/** Options of a load: a quiet load refreshes in place without showing a loading state. */
export interface LoadOptions {
  readonly quiet?: boolean;
}
