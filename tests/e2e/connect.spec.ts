/**
 * The Connect panel: for npm it shows the repository endpoint, an authorization token and the exact
 * client configuration — the `aws codeartifact login --tool npm … --endpoint-url …` line and the two
 * `.npmrc` lines. The login line is run for real (AWS CLI v1, `--dry-run`) to prove it reaches this
 * service and configures the same registry the `.npmrc` lines name.
 *
 * Running npm itself with this configuration needs the npm endpoint, which a later change adds;
 * that check joins this file then.
 */
import { GetRepositoryEndpointCommand } from '@aws-sdk/client-codeartifact';
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
