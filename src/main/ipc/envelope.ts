/**
 * Turning results and failures into the envelopes the UI receives. An engine error keeps its AWS
 * name, message and fields, so the UI can show it verbatim; anything else is an internal error whose
 * cause is logged and summarised.
 */
import type { Envelope, EnvelopeError } from '../../shared/app-operations';
import { ServiceError } from '../engine/errors';

export type Log = (message: string, error?: unknown) => void;

export function defaultLog(message: string, error?: unknown): void {
  console.error(`[ui] ${message}`, error ?? '');
}

export function success<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function failure(error: EnvelopeError): Envelope<never> {
  return { ok: false, error };
}

function definedFields(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** The envelope error for anything an operation threw. */
export function toEnvelopeError(error: unknown, log: Log = defaultLog, context = 'operation'): EnvelopeError {
  if (error instanceof ServiceError) {
    const fields = definedFields(error.fields());
    return fields
      ? { name: error.name, message: error.message, fields }
      : { name: error.name, message: error.message };
  }
  log(`${context} failed unexpectedly`, error);
  const detail = error instanceof Error ? error.message : String(error);
  return { name: 'InternalServerException', message: `An internal error occurred: ${detail}` };
}
