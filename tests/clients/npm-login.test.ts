/**
 * `aws codeartifact login --tool npm --endpoint-url …` (AWS CLI v1) writes the user .npmrc of an
 * isolated HOME, and npm then installs from Artifact Desk with it.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliPath } from '../helpers/aws-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { createNpmEnv, type NpmEnv } from './npm/npm-env';
import { createRepositories, packageSource } from './npm/npm-setup';

let serve: ServeHandle;
let env: NpmEnv;
let registry: string;

beforeAll(async () => {
  serve = await startServe({ args: ['--no-client-config'] });
  env = await createNpmEnv();
  const setup = await createRepositories(serve.client(), 'login', [{ name: 'repo' }]);
  registry = await setup.endpoint('repo');
  await env.configure(registry, setup.token);
  const source = await packageSource(env.home, 'login-check', '1.0.0', 'login-ok');
  const published = await env.npm(['publish'], source);
  expect(published.exitCode, published.stderr).toBe(0);
  await writeFile(env.userconfig, '');
  await env.clearCache();
}, 60_000);

afterAll(async () => {
  await env?.dispose();
  await serve?.dispose();
});

describe('aws codeartifact login --tool npm', () => {
  it('configures npm so that install works', async () => {
    const aws = await awsCliPath(1);
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('AWS_') && !key.toLowerCase().startsWith('npm_')) childEnv[key] = value;
    }
    Object.assign(childEnv, {
      HOME: env.home,
      AWS_ACCESS_KEY_ID: serve.accessKeyId,
      AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
      AWS_DEFAULT_REGION: serve.region,
      AWS_CONFIG_FILE: path.join(env.home, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(env.home, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      npm_config_globalconfig: path.join(env.home, 'global-npmrc'),
    });
    const login = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        aws,
        [
          'codeartifact',
          'login',
          '--tool',
          'npm',
          '--domain',
          'login',
          '--repository',
          'repo',
          '--endpoint-url',
          serve.endpoint,
        ],
        { env: childEnv, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, out: `${stdout}${stderr}` }),
      );
    });
    expect(login.code, login.out).toBe(0);
    const npmrc = await readFile(env.userconfig, 'utf8');
    expect(npmrc).toContain(`registry=${registry}`);
    expect(npmrc).toMatch(/:_authToken=/);

    const project = await env.project('after-login', { 'login-check': '^1.0.0' });
    const result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(path.join(project, 'node_modules', 'login-check', 'index.js'), 'utf8')).toContain(
      'login-ok',
    );
    const whoami = await env.npm(['whoami'], project);
    expect(whoami.exitCode, whoami.stderr).toBe(0);
  }, 180_000);
});
