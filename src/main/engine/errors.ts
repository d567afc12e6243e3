/**
 * CodeArtifact's error shapes as classes. The engine throws these; the HTTP adapter turns them into
 * AWS-shaped responses (status, x-amzn-ErrorType, JSON body with the extra fields) and the IPC bridge
 * into `{ name, message }` envelopes.
 */

export type ResourceType = 'domain' | 'repository' | 'package' | 'package-version' | 'asset';
export type ValidationExceptionReason =
  'CANNOT_PARSE' | 'ENCRYPTION_KEY_ERROR' | 'FIELD_VALIDATION_FAILED' | 'UNKNOWN_OPERATION' | 'OTHER';

export abstract class ServiceError extends Error {
  abstract readonly statusCode: number;
  /** Members serialised next to `message` in the JSON error body. */
  fields(): Record<string, unknown> {
    return {};
  }
  /** Members bound to response headers (ThrottlingException's Retry-After). */
  headers(): Record<string, string> {
    return {};
  }
}

export class AccessDeniedException extends ServiceError {
  override readonly name = 'AccessDeniedException';
  readonly statusCode = 403;
}

export class InternalServerException extends ServiceError {
  override readonly name = 'InternalServerException';
  readonly statusCode = 500;
}

/**
 * The disk holding the data directory is full. CodeArtifact has no such error, so it travels as
 * InternalServerException (the type every SDK knows for a failure on the service's side) with HTTP
 * 507 Insufficient Storage, and a message that says what happened and that nothing was stored.
 */
export class StorageFullException extends ServiceError {
  override readonly name = 'InternalServerException';
  readonly statusCode = 507;
}

abstract class ResourceError extends ServiceError {
  constructor(
    message: string,
    readonly resourceId?: string,
    readonly resourceType?: ResourceType,
  ) {
    super(message);
  }
  override fields(): Record<string, unknown> {
    return { resourceId: this.resourceId, resourceType: this.resourceType };
  }
}

export class ConflictException extends ResourceError {
  override readonly name = 'ConflictException';
  readonly statusCode = 409;
}

export class ResourceNotFoundException extends ResourceError {
  override readonly name = 'ResourceNotFoundException';
  readonly statusCode = 404;
}

export class ServiceQuotaExceededException extends ResourceError {
  override readonly name = 'ServiceQuotaExceededException';
  readonly statusCode = 402;
}

export class ThrottlingException extends ServiceError {
  override readonly name = 'ThrottlingException';
  readonly statusCode = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  override headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

export class ValidationException extends ServiceError {
  override readonly name = 'ValidationException';
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly reason: ValidationExceptionReason = 'FIELD_VALIDATION_FAILED',
  ) {
    super(message);
  }
  override fields(): Record<string, unknown> {
    return { reason: this.reason };
  }
}

/** Answer for an operation of the API that this build does not implement yet. */
export function operationNotImplemented(operation: string): ValidationException {
  return new ValidationException(
    `The operation ${operation} is not implemented by this version of Artifact Desk.`,
    'UNKNOWN_OPERATION',
  );
}
