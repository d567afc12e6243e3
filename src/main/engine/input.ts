/**
 * Small guards for operation input. The dispatcher has already checked the input against the API
 * model; these keep the engine safe when it is called directly (IPC, tests) and narrow the SDK's
 * `string | undefined` members for the compiler.
 */
import { ValidationException } from './errors';

export function requireMember<T>(value: T | undefined | null, member: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value === '')) {
    throw new ValidationException(`The request is missing the required member '${member}'.`);
  }
  return value;
}
