/**
 * Libraries that only some requests need, loaded at their first use instead of at start: loading
 * every parser and signer up front cost about 0.4 s of CPU before `serve` listened, for code most
 * runs never call. A deferred module is `require`d once, synchronously, when first asked for, so
 * callers stay synchronous; its types come from an `import type` of the same package.
 *
 *   import type * as Semver from 'semver';
 *   const semver = deferredModule<typeof Semver>('semver');
 *   semver().valid('1.2.3');
 */
import { createRequire } from 'node:module';

const requireModule = createRequire(import.meta.url);

export function deferredModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireModule(id) as T);
}
