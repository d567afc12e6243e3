/**
 * The Mirror page against a second Artifact Desk as the remote: the plan table lists what only the
 * remote has, a pull shows its progress and the result of every version, and the plan afterwards
 * finds both sides the same. axe checks the plan and the job's results.
 */
import { startServe } from '../helpers/serve';
import { fixtureDomain, publishFixtures } from '../mirror/mirror-fixtures';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';

const keys = {
  accessKeyId: 'AKIAMIRRORUI00000001',
  secretAccessKey: 'mirror-ui-secret-key-000000000000000000',
};
const region = 'ap-southeast-2';

test.use({ serveEnv: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey } });

test('mirror page: plan table, a pull with progress bars and per-version results', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const remote = await startServe({ ...keys, region, args: ['--no-client-config'] });
  try {
    const published = await publishFixtures(remote.client());
    const app = new AppPage(page);
    await app.open(desk.consoleUrl);
    await page.getByTestId('mirror-button').click();
    await expect(page.getByTestId('mirror-screen')).toBeVisible();
    await page.getByTestId('mirror-region').fill(region);
    await page.getByTestId('mirror-domain').fill(fixtureDomain);
    await page.getByTestId('mirror-endpoint').fill(remote.endpoint);
    await page.getByTestId('mirror-plan-button').click();

    const rows = page.getByTestId('mirror-plan-row');
    await expect(rows).toHaveCount(published.length);
    await expect(page.getByTestId('mirror-comparison').filter({ hasText: 'only-remote' })).toHaveCount(
      published.length,
    );
    await expect(page.getByTestId('mirror-plan-counts')).toContainText(
      `${published.length} only on the remote`,
    );
    await expect(page.getByTestId('mirror-repository-plan')).toContainText(
      'upstream main only on the remote',
    );
    await expectNoSeriousViolations(page, 'mirror plan');
    await saveScreen('mirror-plan');

    await page.getByTestId('mirror-pull-button').click();
    const job = page.getByTestId('mirror-job').first();
    await expect(job.getByTestId('mirror-job-state')).toHaveText('done', { timeout: 60_000 });
    await expect(job.getByTestId('mirror-job-counts')).toContainText(
      `${published.length}/${published.length} versions`,
    );
    await expect(job.getByTestId('mirror-job-progress')).toHaveAttribute('value', String(published.length));
    const results = page.getByTestId('mirror-results');
    await expect(results.locator('[data-outcome]')).toHaveCount(published.length);
    await expect(results.getByTestId('successful-versions').locator('li')).toHaveCount(published.length);
    await expect(page.getByTestId('mirror-results')).toContainText('created (Unlisted)');
    await expectNoSeriousViolations(page, 'mirror job results');

    await page.getByTestId('mirror-plan-button').click();
    await expect(page.getByTestId('mirror-comparison').filter({ hasText: 'same' })).toHaveCount(
      published.length,
    );
    await saveScreen('mirror-pulled');
  } finally {
    await remote.dispose();
  }
});
