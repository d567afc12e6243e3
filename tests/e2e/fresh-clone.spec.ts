/**
 * What a new user does: clone the repository, run the two commands at the top of README.md (the
 * install, then `npm run serve`) and open the console it prints. Nothing else may be needed: serve
 * builds the app itself on the first run. Then a production install (`npm ci --omit=dev`, so no
 * tsx, no electron-vite) must still serve the same data and console from the built code.
 *
 * The clone is of the committed HEAD (uncommitted changes are not in it), in a temp folder with its
 * own node_modules; npm's package cache is the user's, so the installs are quick after the first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateDomainCommand, type CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { consoleLines, expect, test } from './fixtures';
import { ConsoleEntry } from './pages/console-entry';
import { repoRoot, startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const minutes = 60_000;

/** Runs a command to its end; rejects with its output when it fails or outlives `timeoutMs`. */
function run(file: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {};
    // A new user's shell: no settings of the npm script this test may run under, no AWS profile.
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('npm_') && !key.startsWith('AWS_')) env[key] = value;
    }
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const command = [file, ...args].join(' ');
      if (code === 0) resolve(output);
      else reject(new Error(`'${command}' in ${cwd} failed (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}

/** The commands of the first `sh` block in README.md, comments and blank lines left out. */
function readmeCommands(clone: string): string[] {
  const readme = readFileSync(path.join(clone, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```sh block');
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}

async function expectConsoleShowsDomain(
  entry: ConsoleEntry,
  serve: ServeHandle,
  domain: string,
): Promise<void> {
  const { url } = consoleLines(serve.output().stdout);
  await entry.open(url);
  await expect(entry.endpoint).toHaveText(serve.endpoint);
  await expect(
    entry.page.getByText(domain).first(),
    `the console lists the domain '${domain}'`,
  ).toBeVisible();
}

test('a fresh clone serves the console with the README commands alone, and again after a production install', async ({
  page,
  saveScreen,
}) => {
  // Two installs of the whole dependency tree and one build, on a machine that may be busy.
  test.setTimeout(30 * minutes);
  const clone = await makeTempDir('artifact-desk-clone-');
  const dataDir = await makeTempDir('artifact-desk-clone-data-');
  let serve: ServeHandle | undefined;
  let client: CodeartifactClient | undefined;
  try {
    const head = (await run('git', ['rev-parse', 'HEAD'], repoRoot, minutes)).trim();
    await run('git', ['clone', '--quiet', repoRoot, clone], repoRoot, 5 * minutes);
    await run('git', ['checkout', '--quiet', '--detach', head], clone, minutes);

    const commands = readmeCommands(clone);
    expect(commands, 'README.md starts with exactly the install and the serve command').toEqual([
      'npm ci',
      'npm run serve',
    ]);
    await run('npm', ['ci'], clone, 15 * minutes);
    expect(existsSync(path.join(clone, 'out')), 'nothing is built by the install').toBe(false);

    const npmRunServe = { file: 'npm', args: ['run', 'serve', '--'], cwd: clone };
    serve = await startServe({ dataDir, command: npmRunServe, startTimeoutMs: 10 * minutes });
    expect(serve.output().stderr, 'the first serve builds the app itself').toContain('Building the app');
    client = serve.client();
    await client.send(new CreateDomainCommand({ domain: 'first-run' }));
    const entry = new ConsoleEntry(page);
    await expectConsoleShowsDomain(entry, serve, 'first-run');
    await saveScreen('fresh-clone-console');
    await serve.stop();

    await run('npm', ['ci', '--omit=dev'], clone, 15 * minutes);
    for (const devTool of ['tsx', 'electron-vite', 'electron']) {
      expect(existsSync(path.join(clone, 'node_modules', devTool)), `${devTool} is not installed`).toBe(
        false,
      );
    }
    serve = await startServe({ dataDir, command: npmRunServe, startTimeoutMs: 2 * minutes });
    expect(serve.output().stderr, 'the production install runs the existing build as it is').not.toMatch(
      /Building|rebuilding|sources differ/,
    );
    await expectConsoleShowsDomain(entry, serve, 'first-run');
    await saveScreen('production-install-console');
  } finally {
    client?.destroy();
    await serve?.dispose();
    await removeDir(dataDir);
    await removeDir(clone);
  }
});
