/**
 * Headless entry point: `artifact-desk <command> …` runs the same local service as the desktop app
 * without Electron, for CI, servers and scripts. Plain Node; never imports electron.
 *
 * The commands are the table below; each one's options and help live in its definition
 * (command-line/command-line.ts explains the shape).
 */
import { runProgram, type Command } from './command-line/command-line';
import { kitCommand } from './command-line/kit-command';
import { seedCommand } from './command-line/seed-command';
import { mirrorCommand } from './command-line/mirror-command';
import { diffCommand, promoteCommand } from './command-line/promotion-commands';
import { serveCommand } from './command-line/serve-command';
import { verifyCommand } from './command-line/verify-command';
import { whyCommand } from './command-line/why-command';
import { backupCommand, restoreCommand } from './command-line/backup-command';
import { trashCommand } from './command-line/trash-command';
import { rendererDirFor } from './console/renderer-dir';

const commands: readonly Command[] = [
  serveCommand({ rendererDir: rendererDirFor(import.meta.url) }),
  verifyCommand,
  kitCommand,
  seedCommand,
  mirrorCommand,
  whyCommand,
  diffCommand,
  promoteCommand,
  trashCommand,
  backupCommand,
  restoreCommand,
];

runProgram('artifact-desk', commands, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (exitCode) => {
    if (exitCode !== undefined) process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`artifact-desk: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
