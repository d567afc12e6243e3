// @ts-check
/**
 * `npm run build` (after the type-check) and `npm start`: builds main, preload and renderer into
 * `out/` and records what it was built from. With --if-stale it builds only when the sources changed
 * since the last build.
 */
import process from 'node:process';
import { build, ensureBuilt } from './build-state.mjs';

try {
  if (process.argv.includes('--if-stale')) ensureBuilt();
  else build();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
