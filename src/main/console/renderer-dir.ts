/**
 * Where the built renderer lives, seen from the running main-process code: next to the bundle when
 * running from `out/main` (`out/renderer`), in the project's `out/renderer` when running from source
 * under `src/main` (tsx).
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `moduleUrl` is the `import.meta.url` of a module directly inside `src/main` or `out/main`. */
export function rendererDirFor(moduleUrl: string): string {
  const mainDir = dirname(fileURLToPath(moduleUrl));
  const parent = dirname(mainDir);
  if (basename(parent) === 'out') return join(parent, 'renderer');
  // src/main → the project root is two levels up.
  return join(dirname(parent), 'out', 'renderer');
}
