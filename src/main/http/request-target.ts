/**
 * Splits a request target (`/v1/domain?domain=x&domain-owner=…`) into the raw path and the
 * percent-decoded query parameters. `+` is kept literally: AWS clients encode spaces as %20, and
 * the signature is computed over the same decoding.
 */
import { malformedHttpRequest } from './protocol-errors';

export interface RequestTarget {
  /** Path as sent, still percent-encoded. */
  readonly rawPath: string;
  /** Query values by key, in arrival order; repeated keys keep every value. */
  readonly query: ReadonlyMap<string, readonly string[]>;
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    throw malformedHttpRequest(`The query string contains an invalid percent-encoding: '${component}'.`);
  }
}

export function parseRequestTarget(url: string): RequestTarget {
  if (!url.startsWith('/')) throw malformedHttpRequest('The request target must be an absolute path.');
  const questionMark = url.indexOf('?');
  const rawPath = questionMark === -1 ? url : url.slice(0, questionMark);
  const query = new Map<string, string[]>();
  if (questionMark !== -1) {
    for (const pair of url.slice(questionMark + 1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const key = decode(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
      const values = query.get(key);
      if (values) values.push(value);
      else query.set(key, [value]);
    }
  }
  return { rawPath, query };
}

/** The query in the form the signer wants: a single value as a string, several as an array. */
export function queryForSigning(
  query: ReadonlyMap<string, readonly string[]>,
): Record<string, string | readonly string[]> {
  const result: Record<string, string | readonly string[]> = {};
  for (const [key, values] of query) {
    Object.defineProperty(result, key, {
      value: values.length === 1 ? values[0] : values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
