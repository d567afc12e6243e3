/**
 * The Connect panel: for npm it shows the repository endpoint, an authorization token and the exact
 * client configuration — the `aws codeartifact login --tool npm … --endpoint-url …` line and the two
 * `.npmrc` lines. The login line is run for real (AWS CLI v1, `--dry-run`) to prove it reaches this
 * service and configures the same registry the `.npmrc` lines name. Then the `.npmrc` lines exactly
 * as the panel shows them become the only npm configuration of an isolated npm (temp HOME, user
 * config and cache): npm publishes a package with it and installs that package in a clean project.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetRepositoryEndpointCommand } from '@aws-sdk/client-codeartifact';
import { createNpmEnv } from '../clients/npm/npm-env';
import { packageSource } from '../clients/npm/npm-setup';
import { runAwsCli } from '../helpers/aws-cli';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories } from './pages/seed-data';

test('Connect panel shows an npm configuration', async ({ page, desk, saveScreen }) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('connect');

  const { repositoryEndpoint } = await desk.client.send(
    new GetRepositoryEndpointCommand({ domain: 'acme', repository: 'app', format: 'npm' }),
  );
  expect(repositoryEndpoint).toBeTruthy();
  await expect(page.getByTestId('repository-endpoint')).toHaveText(repositoryEndpoint ?? '');

  await page.getByTestId('toggle-token').click();
  const token = (await page.getByTestId('auth-token').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);

  const login = `aws codeartifact login --tool npm --domain acme --domain-owner ${desk.accountId} --repository app --endpoint-url ${desk.endpoint} --region ${desk.region}`;
  await expect(repository.snippet('npm-login')).toHaveText(login);
  const authKey = (repositoryEndpoint ?? '').replace(/^https?:/, '');
  await expect(repository.snippet('npm-npmrc')).toHaveText(
    `registry=${repositoryEndpoint}\n${authKey}:_authToken=${token}`,
  );
  await saveScreen('connect-npm');

  // Hidden again, the token is nowhere in the page: not in the token box, the snippets or an attribute.
  await page.getByTestId('toggle-token').click();
  await expect(repository.snippet('npm-npmrc')).toContainText(':_authToken=••••');
  expect(await page.content(), 'the page holds no copy of the masked token').not.toContain(token);

  // The login line works against this service: the CLI fetches a token and the endpoint through
  // --endpoint-url and would set exactly the registry the .npmrc lines name.
  const args = login.split(' ').slice(1);
  const endpointAt = args.indexOf('--endpoint-url');
  args.splice(endpointAt, 2);
  const result = await runAwsCli(
    1,
    [...args, '--dry-run'],
    {
      endpoint: desk.endpoint,
      region: desk.region,
      accessKeyId: desk.credentials.accessKeyId,
      secretAccessKey: desk.credentials.secretAccessKey,
    },
    { output: 'text' },
  );
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain(`npm config set registry ${repositoryEndpoint}`);
  expect(result.stdout).toContain(`npm config set ${authKey}:_authToken`);

  // Other formats: pip and twine get their own login lines.
  await page.getByTestId('connect-format').selectOption('pypi');
  await expect(repository.snippet('pip-login')).toContainText('--tool pip');
  await expect(repository.snippet('twine-login')).toContainText('--tool twine');
});

test('the npm configuration from the Connect panel publishes and installs with the real npm', async ({
  page,
  desk,
}) => {
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('connect');
  // The lines name a placeholder until the token has been fetched; wait for the real one.
  await page.getByTestId('toggle-token').click();
  const token = (await page.getByTestId('auth-token').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);
  await expect(repository.snippet('npm-npmrc')).toContainText(token);
  const npmrc = (await repository.snippet('npm-npmrc').textContent()) ?? '';
  expect(npmrc).toMatch(
    /^registry=http:\/\/127\.0\.0\.1:\d+\/\S+\n\/\/127\.0\.0\.1:\d+\/\S+:_authToken=\S+$/,
  );

  const npm = await createNpmEnv();
  try {
    // Nothing but the panel's lines: no registry or token from anywhere else.
    await writeFile(npm.userconfig, `${npmrc}\n`);
    const source = await packageSource(npm.home, 'connect-check', '1.2.3', 'from-the-connect-panel');
    const published = await npm.npm(['publish'], source);
    expect(published.stderr + published.stdout).not.toMatch(/ERR!/);
    expect(published.exitCode).toBe(0);

    const project = await npm.project('consumer', { 'connect-check': '^1.2.0' });
    const installed = await npm.npm(['install'], project);
    expect(installed.stderr + installed.stdout).not.toMatch(/ERR!/);
    expect(installed.exitCode).toBe(0);
    const installedDir = path.join(project, 'node_modules', 'connect-check');
    const manifest = JSON.parse(await readFile(path.join(installedDir, 'package.json'), 'utf8')) as {
      version?: string;
    };
    expect(manifest.version).toBe('1.2.3');
    expect(await readFile(path.join(installedDir, 'index.js'), 'utf8')).toContain('from-the-connect-panel');
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as {
      packages?: Record<string, { resolved?: string }>;
    };
    const registry = /^registry=(\S+)$/m.exec(npmrc)?.[1] ?? '';
    expect(lock.packages?.['node_modules/connect-check']?.resolved?.startsWith(registry)).toBe(true);
  } finally {
    await npm.dispose();
  }
});

test('Connect panel shows ready-to-copy setup for Cargo, RubyGems, NuGet and Swift', async ({
  page,
  desk,
  saveScreen,
}) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('connect');
  await page.getByTestId('toggle-token').click();
  const token = (await page.getByTestId('auth-token').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);

  const endpointOf = async (format: 'cargo' | 'ruby' | 'nuget' | 'swift'): Promise<string> =>
    (await desk.client.send(new GetRepositoryEndpointCommand({ domain: 'acme', repository: 'app', format })))
      .repositoryEndpoint ?? '';
  const login = (tool: string): string =>
    `aws codeartifact login --tool ${tool} --domain acme --domain-owner ${desk.accountId} --repository app --endpoint-url ${desk.endpoint} --region ${desk.region}`;

  const cargo = await endpointOf('cargo');
  await page.getByTestId('connect-format').selectOption('cargo');
  await expect(repository.snippet('cargo-config')).toHaveText(
    `[registries.acme-app]\nindex = "sparse+${cargo}"\ncredential-provider = "cargo:token"`,
  );
  await expect(repository.snippet('cargo-token')).toHaveText(
    `export CARGO_REGISTRIES_ACME_APP_TOKEN="Bearer ${token}"`,
  );
  await expect(repository.snippet('cargo-use')).toHaveText(
    'cargo add <crate> --registry acme-app\ncargo publish --registry acme-app',
  );
  await saveScreen('connect-cargo');

  const ruby = await endpointOf('ruby');
  await page.getByTestId('connect-format').selectOption('ruby');
  const withCredentials = new URL(ruby);
  withCredentials.username = 'aws';
  withCredentials.password = token;
  await expect(repository.snippet('ruby-env')).toHaveText(
    `export RUBYGEMS_HOST=${ruby}\nexport GEM_HOST_API_KEY="Bearer ${token}"\ngem push <gem file>\ngem install <gem> --clear-sources --source ${withCredentials.toString()}`,
  );
  await expect(repository.snippet('ruby-gemfile')).toHaveText(`source "${withCredentials.toString()}"`);

  const nuget = await endpointOf('nuget');
  await page.getByTestId('connect-format').selectOption('nuget');
  await expect(repository.snippet('nuget-login')).toHaveText(login('dotnet'));
  await expect(repository.snippet('nuget-source')).toHaveText(
    `nuget sources add -Name acme/app -Source ${nuget}v3/index.json -Username aws -Password ${token}`,
  );

  const swift = await endpointOf('swift');
  await page.getByTestId('connect-format').selectOption('swift');
  await expect(repository.snippet('swift-login')).toHaveText(login('swift'));
  await expect(repository.snippet('swift-registry')).toHaveText(
    `swift package-registry set ${swift}\nswift package-registry login ${swift}login --token ${token}`,
  );
  await saveScreen('connect-swift');

  // The Swift login line reaches this service and sets the registry the panel names (the dotnet
  // line needs a dotnet on PATH even for --dry-run; tests/clients/nuget.test.ts runs it with one).
  const args = login('swift').split(' ').slice(1);
  args.splice(args.indexOf('--endpoint-url'), 2);
  const result = await runAwsCli(
    1,
    [...args, '--dry-run'],
    {
      endpoint: desk.endpoint,
      region: desk.region,
      accessKeyId: desk.credentials.accessKeyId,
      secretAccessKey: desk.credentials.secretAccessKey,
    },
    { output: 'text' },
  );
  expect(result.exitCode, `swift login: ${result.stderr}`).toBe(0);
  expect(result.stdout).toContain(`swift package-registry set ${swift}`);
  expect(result.stdout).toContain(`swift package-registry login ${swift}login`);
});
