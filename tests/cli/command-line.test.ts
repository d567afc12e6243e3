/**
 * The headless command line: commands and flags are entries in one table, `--help` is rendered from
 * it, and bad arguments are refused with the command's usage and exit status 2 before anything runs.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandFailedError,
  CommandLineError,
  defineCommand,
  runProgram,
  type Command,
} from '../../src/main/command-line/command-line';
import { serveCommand } from '../../src/main/command-line/serve-command';

interface Run {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

async function run(commands: readonly Command[], argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runProgram('artifact-desk', commands, argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { exitCode, stdout, stderr };
}

function recordingCommand(calls: unknown[]) {
  return defineCommand({
    name: 'verify',
    summary: 'Checks a data directory.',
    options: {
      'data-dir': { type: 'string', value: 'DIR', help: 'the data directory to check' },
      repair: { type: 'boolean', help: 'fix what can be fixed' },
      only: { type: 'string', value: 'PART', multiple: true, help: 'check only this part' },
    },
    positionals: [{ name: 'REPORT', help: 'where to write the report', optional: true }],
    async run(parsed) {
      if (parsed.values['data-dir'] === 'locked') throw new CommandFailedError('in use', 3);
      if (parsed.values['data-dir'] === 'bad') throw new CommandLineError('--data-dir is bad');
      calls.push(parsed);
    },
  });
}

const serve = serveCommand({ rendererDir: '/nonexistent' });

describe('artifact-desk command line', () => {
  it('lists every command and each option with its placeholder and help, from the definitions', async () => {
    const result = await run([serve, recordingCommand([])], ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: artifact-desk <command> [options]');
    expect(result.stdout).toMatch(/^ {2}serve +Runs the service/m);
    expect(result.stdout).toMatch(/^ {2}verify +Checks a data directory\./m);
    expect(result.stdout).toMatch(/^ {2}--port N +port to listen on/m);
    expect(result.stdout).toMatch(/^ {2}--external-upstream C=URL\n {27}upstream URL/m);
    expect(result.stdout).toMatch(/^ {2}--repair +fix what can be fixed$/m);
    expect(result.stdout).toMatch(/^ {2}--only PART +check only this part; repeatable$/m);
    expect(result.stdout).toMatch(/^Usage: artifact-desk verify \[options\] \[REPORT\]$/m);
    expect(result.stdout).toMatch(/^ {2}-h, --help +show this help$/m);
    const bare = await run([serve], []);
    expect(bare.stdout, 'no command prints the same help').toBe((await run([serve], ['-h'])).stdout);
  });

  it("prints one command's help for `<command> --help` without running it", async () => {
    const calls: unknown[] = [];
    const result = await run([serve, recordingCommand(calls)], ['verify', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: artifact-desk verify/);
    expect(result.stdout).not.toContain('--port');
    expect(calls).toEqual([]);
  });

  it('hands the command typed values: strings, booleans, repeated flags and positionals', async () => {
    const calls: unknown[] = [];
    const result = await run(
      [recordingCommand(calls)],
      ['verify', '--data-dir', '/d', '--repair', '--only', 'blobs', '--only=journal', 'out.txt'],
    );
    expect(result.exitCode).toBeUndefined();
    expect(calls).toEqual([
      {
        values: { 'data-dir': '/d', repair: true, only: ['blobs', 'journal'] },
        positionals: ['out.txt'],
      },
    ]);
  });

  it.each([
    [['nonsense'], "unknown command 'nonsense'"],
    [['serve', '--bogus'], "Unknown option '--bogus'"],
    [['serve', '--port'], "Option '--port <value>' argument missing"],
    [['serve', '--port', '70000'], "--port must be a number from 0 to 65535, got '70000'"],
    [['serve', 'extra'], "'serve' takes no arguments, got 'extra'"],
    [['serve', '--external-upstream', 'npmjs'], '--external-upstream takes CONNECTION=URL'],
    [['serve', '--console-token', 'short'], '--console-token: The console token must be'],
    [['verify', 'a', 'b'], "'verify' takes at most 1 argument(s), got 'a b'"],
    [['verify', '--data-dir', 'bad'], '--data-dir is bad'],
  ])('refuses %j with exit status 2, the reason and the usage', async (argv, reason) => {
    const result = await run([serve, recordingCommand([])], argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`artifact-desk: ${reason}`);
    expect(result.stderr).toContain('Usage: artifact-desk');
    expect(result.stdout).toBe('');
  });

  it('reports a command that cannot do its work with its own exit status and no usage', async () => {
    const result = await run([recordingCommand([])], ['verify', '--data-dir', 'locked']);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: 'artifact-desk: in use\n' });
  });
});
