/**
 * The error every `api.invoke` failure becomes: the service's error name (an AWS error shape such as
 * ConflictException), its message exactly as the service wrote it, and the shape's extra fields.
 */
import type { EnvelopeError } from '../../../shared/app-operations';

export class ApiError extends Error {
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(name: string, message: string, fields: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = name;
    this.fields = fields;
  }

  static fromEnvelope(error: EnvelopeError): ApiError {
    return new ApiError(error.name, error.message, error.fields ?? {});
  }
}

/** The text a screen shows for a failure: the service's message verbatim, never a paraphrase. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The error's name when the service gave one (shown beside the message). */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error && error.name !== 'Error' ? error.name : undefined;
}
