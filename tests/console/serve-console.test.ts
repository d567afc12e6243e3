/**
 * `serve` and the console, as a user starts them: the banner gains the console URL and token (the
 * existing lines unchanged), the token is new at every start unless `--console-token` fixes it, and a
 * token that could not travel in a URL is refused before anything starts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const handles: ServeHandle[] = [];

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.dispose();
});

function consoleLines(stdout: string): { url: string; token: string } {
  const url = /^ {2}console: {11}(\S+)$/m.exec(stdout)?.[1];
  const token = /^ {2}console token: {5}(\S+)$/m.exec(stdout)?.[1];
  if (!url || !token) throw new Error(`no console lines in:\n${stdout}`);
  return { url, token };
}

function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src/main/cli.ts'), 'serve', ...args],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('serve with the console', () => {
  it('prints the console URL with a fresh random token after the credentials, keeping the other lines', async () => {
    const first = await startServe();
    handles.push(first);
    const { url, token } = consoleLines(first.output().stdout);
    expect(url).toBe(`${first.endpoint}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lines = first.output().stdout.split('\n');
    const secretLine = lines.findIndex((line) => line.startsWith('  secret access key: '));
    expect(lines[secretLine + 1]).toBe(`  console:           ${url}`);
    expect(lines[secretLine + 2]).toBe(`  console token:     ${token}`);

    const response = await fetch(`${first.endpoint}/console/api/ListDomains`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { domains: [] } });

    const second = await startServe();
    handles.push(second);
    expect(consoleLines(second.output().stdout).token).not.toBe(token);
  });

  it('refuses a console token that cannot travel in a URL, before starting', async () => {
    const dataDir = await makeTempDir('artifact-desk-serve-');
    try {
      const result = await runServe(['--port', '0', '--data-dir', dataDir, '--console-token', 'short']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--console-token: The console token must be 16 to 256 characters');
      expect(result.stdout).not.toContain('serving');
    } finally {
      await removeDir(dataDir);
    }
  });
});
