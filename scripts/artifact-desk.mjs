// @ts-check
/**
 * The `artifact-desk` command line as `npm run serve` runs it: brings `out/` up to date when the
 * sources changed (see build-state.mjs), then runs the built command line in this same process, so
 * nothing at run time needs a devDependency and a current build starts without delay.
 *
 *   node scripts/artifact-desk.mjs serve [options]
 */
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { builtCli, ensureBuilt } from './build-state.mjs';

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(`artifact-desk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
// The built command line reads its arguments from process.argv.slice(2), as given to this script.
await import(pathToFileURL(builtCli).href);
