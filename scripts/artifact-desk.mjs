// @ts-check
/**
 * The `artifact-desk` command line as `npm run serve` runs it: brings `out/` up to date when the
 * sources changed (see build-state.mjs), then runs the built command line in this same process, so
 * nothing at run time needs a devDependency and a current build starts without delay.
 *
 *   node scripts/artifact-desk.mjs serve [options]
 */
import module from 'node:module';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { builtCli, ensureBuilt } from './build-state.mjs';

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(`artifact-desk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
// Node 22.1 and later keep the code V8 compiled for the modules loaded below in a cache folder (in
// the system's temporary directory), so later starts skip compiling it: about 0.15 s of CPU per
// start. Older Node has no such call and compiles as before.
if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
// The built command line reads its arguments from process.argv.slice(2), as given to this script.
await import(pathToFileURL(builtCli).href);
