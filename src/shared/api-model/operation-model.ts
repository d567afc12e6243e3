/**
 * What the API model says about one operation: its HTTP binding (method, path, success status),
 * its input and output structures, and the errors it may return. `defineOperation` checks at
 * compile time that the members listed match the AWS SDK's own request and result types exactly,
 * so the hand-written model cannot silently drift from what clients send and expect.
 */
import type { OperationInput, OperationName, OperationOutput } from '../operations';
import { structure, type MemberSpec, type StructureShape } from './shape-dsl';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The error shapes of the service model, with the status each is sent with. */
export const errorStatus = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
} as const;

export type ErrorName = keyof typeof errorStatus;

export interface OperationModel {
  readonly name: OperationName;
  readonly method: HttpMethod;
  /** Path below the endpoint, always starting with /v1/. */
  readonly path: string;
  readonly successStatus: number;
  readonly input: StructureShape;
  readonly output: StructureShape;
  readonly errors: readonly ErrorName[];
}

/** One spec per member of T, no more and no fewer. */
type MembersOf<T> = { readonly [K in keyof Required<T>]: MemberSpec };

export interface OperationDefinition<O extends OperationName> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly successStatus?: number;
  readonly input: MembersOf<OperationInput<O>>;
  readonly output: MembersOf<OperationOutput<O>>;
  readonly errors: readonly ErrorName[];
}

export function defineOperation<O extends OperationName>(
  name: O,
  definition: OperationDefinition<O>,
): OperationModel {
  return {
    name,
    method: definition.method,
    path: definition.path,
    successStatus: definition.successStatus ?? 200,
    input: structure(`${name}Request`, definition.input as Readonly<Record<string, MemberSpec>>),
    output: structure(`${name}Result`, definition.output as Readonly<Record<string, MemberSpec>>),
    errors: definition.errors,
  };
}

// Most operations can return every one of the model's errors; the rest list theirs explicitly.
export const allErrors: readonly ErrorName[] = [
  'AccessDeniedException',
  'ConflictException',
  'InternalServerException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
  'ThrottlingException',
  'ValidationException',
];

/** allErrors without the ones named. */
export function errorsExcept(...excluded: ErrorName[]): readonly ErrorName[] {
  return allErrors.filter((name) => !excluded.includes(name));
}
