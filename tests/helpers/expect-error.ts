/**
 * Assertions on errors that come back through the real SDK: the exception class the SDK picked from
 * `x-amzn-ErrorType`, the HTTP status, and the extra members the spec lists for that error.
 */
import { CodeartifactServiceException, ValidationException } from '@aws-sdk/client-codeartifact';
import { expect } from 'vitest';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** Awaits `action`, fails the test if it succeeds, and returns the SDK's exception. */
export async function captureError(action: Promise<unknown>): Promise<CodeartifactServiceException> {
  let result: unknown;
  try {
    result = await action;
  } catch (error) {
    if (!(error instanceof CodeartifactServiceException)) {
      throw new Error(`expected a service error from the endpoint, got ${String(error)}`, { cause: error });
    }
    return error;
  }
  throw new Error(`expected the call to fail, but it succeeded with ${JSON.stringify(result)}`);
}

export interface ExpectedError {
  status: number;
  resourceId?: string;
  resourceType?: string;
  reason?: string;
  message?: RegExp;
}

export async function expectServiceError<E extends CodeartifactServiceException>(
  action: Promise<unknown>,
  errorClass: ErrorClass<E>,
  expected: ExpectedError,
): Promise<E> {
  const error = await captureError(action);
  const described = `${error.name} (${error.$metadata.httpStatusCode}): ${error.message}`;
  expect(error instanceof errorClass, `expected ${errorClass.name}, got ${described}`).toBe(true);
  expect(error.$metadata.httpStatusCode, described).toBe(expected.status);
  expect(error.message, 'error message should not be empty').toMatch(/\S/);
  const fields = error as unknown as Record<string, unknown>;
  if (expected.resourceId !== undefined)
    expect(fields.resourceId, `resourceId of ${described}`).toBe(expected.resourceId);
  if (expected.resourceType !== undefined)
    expect(fields.resourceType, `resourceType of ${described}`).toBe(expected.resourceType);
  if (expected.reason !== undefined) expect(fields.reason, `reason of ${described}`).toBe(expected.reason);
  if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
  return error as E;
}

/**
 * A parameter that breaks a constraint of the API model: ValidationException, 400, reason
 * FIELD_VALIDATION_FAILED, and a message naming the member (by its model name or its wire name).
 */
export async function expectValidationError(
  action: Promise<unknown>,
  field: string | readonly string[],
): Promise<ValidationException> {
  const error = await expectServiceError(action, ValidationException, {
    status: 400,
    reason: 'FIELD_VALIDATION_FAILED',
  });
  const names = typeof field === 'string' ? [field] : field;
  // Whole-name match, so that a complaint about `domainOwner` does not pass for `domain`.
  const namesField = (name: string): boolean =>
    new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(name)}([^A-Za-z0-9]|$)`).test(error.message);
  expect(names.some(namesField), `message should name ${names.join(' or ')}: ${error.message}`).toBe(true);
  return error;
}

/** An error the service model does not declare (SigV4 failures): the SDK keeps the wire name. */
export async function expectErrorNamed(
  action: Promise<unknown>,
  name: string,
  status: number,
): Promise<CodeartifactServiceException> {
  const error = await captureError(action);
  expect(error.name, `${error.name}: ${error.message}`).toBe(name);
  expect(error.$metadata.httpStatusCode).toBe(status);
  return error;
}
