/**
 * A repository's settings in the UI: upstreams added and reordered (and the domain's graph drawn
 * from them), an external connection, a permissions policy (invalid JSON refused with a message
 * before anything is sent; a valid one saved), tags and the description — each checked through
 * the SDK.
 */
import {
  DescribeRepositoryCommand,
  GetRepositoryPermissionsPolicyCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { DomainPage } from './pages/domain-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories } from './pages/seed-data';

test('edit upstreams and see the graph', async ({ page, desk, saveScreen }) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app', 'shared', 'npm-store']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const domain = new DomainPage(page);
  await app.open(desk.consoleUrl);

  await app.openRepository('npm-store');
  await repository.tab('settings');
  await page.getByTestId('external-connection-select').selectOption('public:npmjs');
  await page.getByTestId('associate-external-connection').click();
  await expect(page.getByTestId('external-connection')).toContainText('public:npmjs');

  await app.openRepository('app');
  await repository.tab('settings');
  await repository.addUpstream('npm-store');
  await repository.addUpstream('shared');
  expect(await repository.upstreamNames()).toEqual(['npm-store', 'shared']);
  // Reorder: shared is searched first. The button works, and so does Alt+↑ on the focused entry.
  await page.getByTestId('upstream-up-shared').click();
  expect(await repository.upstreamNames()).toEqual(['shared', 'npm-store']);
  await repository.upstream('npm-store').focus();
  await page.keyboard.press('Alt+ArrowUp');
  expect(await repository.upstreamNames()).toEqual(['npm-store', 'shared']);
  await page.keyboard.press('Alt+ArrowDown');
  expect(await repository.upstreamNames()).toEqual(['shared', 'npm-store']);
  await repository.saveUpstreams();
  await saveScreen('repository-settings');

  const { repository: described } = await desk.client.send(
    new DescribeRepositoryCommand({ domain: 'acme', repository: 'app' }),
  );
  expect(described?.upstreams?.map((upstream) => upstream.repositoryName)).toEqual(['shared', 'npm-store']);

  await app.openRepository('shared');
  await repository.tab('settings');
  await repository.addUpstream('npm-store');
  await repository.saveUpstreams();

  await app.openDomain('acme');
  await domain.tab('graph');
  await expect(domain.graphNodes).toHaveCount(4);
  await expect(domain.edge('app', 'shared')).toContainText('1');
  await expect(domain.edge('app', 'npm-store')).toContainText('2');
  // Edges are SVG paths (a straight one has no width), so they are checked as drawn, not as "visible".
  await expect(domain.edge('shared', 'npm-store')).toBeAttached();
  await expect(domain.edge('npm-store', 'public:npmjs')).toBeAttached();
  await expect(domain.graphEdges).toHaveCount(4);
  // Nodes are layered: a repository sits above the repositories it reads from.
  const top = async (name: string) =>
    (await page.locator(`[data-testid="graph-node"][data-name="${name}"]`).boundingBox())?.y ?? -1;
  expect(await top('app')).toBeLessThan(await top('shared'));
  expect(await top('shared')).toBeLessThan(await top('npm-store'));
  expect(await top('npm-store')).toBeLessThan(await top('public:npmjs'));
  await saveScreen('upstream-graph');

  // Removing an upstream in settings removes its edge from the graph.
  await page.locator('[data-testid="graph-node"][data-name="app"]').click();
  await expect(repository.title).toHaveText('app');
  await page.getByTestId('upstream-remove-npm-store').click();
  await repository.saveUpstreams();
  await app.openDomain('acme');
  await domain.tab('graph');
  await expect(domain.edge('app', 'npm-store')).toHaveCount(0);
  await expect(domain.graphEdges).toHaveCount(3);
});

test('edit a policy: invalid JSON is refused with a message, a valid one is saved', async ({
  page,
  desk,
}) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('settings');
  const puts: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/console/api/PutRepositoryPermissionsPolicy')) puts.push(request.url());
  });

  await repository.policyEditor.fill('{"Version": "2012-10-17", "Statement": [');
  await expect(page.getByTestId('save-policy'), 'invalid JSON cannot be saved').toBeDisabled();
  // Said once, under the editor.
  await expect(page.getByTestId('policy-hint')).toContainText('The policy is not valid JSON');
  await expect(page.getByTestId('policy-error')).toHaveCount(0);
  await expect(repository.policyEditor).toHaveAttribute('aria-invalid', 'true');
  expect(puts).toEqual([]);
  await expect(
    desk.client.send(new GetRepositoryPermissionsPolicyCommand({ domain: 'acme', repository: 'app' })),
  ).rejects.toThrow();

  const arn = `arn:aws:codeartifact:${desk.region}:${desk.accountId}:repository/acme/app`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${desk.accountId}:root` },
        Action: ['codeartifact:ReadFromRepository'],
        Resource: arn,
      },
    ],
  };
  await repository.writePolicy(JSON.stringify(policy));
  await expect(page.getByTestId('policy-section').getByText('Policy saved.')).toBeVisible();
  expect(puts).toHaveLength(1);
  const saved = await desk.client.send(
    new GetRepositoryPermissionsPolicyCommand({ domain: 'acme', repository: 'app' }),
  );
  expect(JSON.parse(saved.policy?.document ?? '{}')).toEqual(policy);
  // The editor now shows the saved policy, indented for reading.
  await expect(repository.policyEditor).toHaveValue(JSON.stringify(policy, null, 2));
});

test('edit the description and tags', async ({ page, desk }) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('settings');
  await page.getByTestId('description-input').fill('Applications built by the web team');
  await page.getByTestId('save-description').click();
  await expect(page.getByTestId('repository-description')).toHaveText('Applications built by the web team');
  await page.getByTestId('tag-key-input').fill('team');
  await page.getByTestId('tag-value-input').fill('web');
  await page.getByTestId('add-tag').click();
  await expect(page.getByTestId('tag-team')).toContainText('web');
  const arn = `arn:aws:codeartifact:${desk.region}:${desk.accountId}:repository/acme/app`;
  const { tags } = await desk.client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
  expect(tags).toEqual([{ key: 'team', value: 'web' }]);
  const { repository: described } = await desk.client.send(
    new DescribeRepositoryCommand({ domain: 'acme', repository: 'app' }),
  );
  expect(described?.description).toBe('Applications built by the web team');
});
