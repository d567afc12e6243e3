/**
 * Client-side checks of the package group and tag forms: a pattern, tag key or value the API would
 * refuse is explained under its field in plain words and cannot be sent; once fixed, it is sent and
 * the service takes it.
 */
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories } from './pages/seed-data';

test('package group and tag forms check their input before sending it', async ({ page, desk }) => {
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'team', ['app']);
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openDomain('team');
  await page.getByTestId('tab-groups').click();
  await page.getByTestId('new-group-button').click();
  const dialog = page.getByTestId('create-group-dialog');
  const pattern = dialog.getByTestId('group-pattern-input');
  const hint = dialog.getByTestId('group-pattern-hint');
  const submit = dialog.getByTestId('submit-button');

  await pattern.fill('npm/acme/*');
  await expect(hint).toHaveText('A pattern starts with "/", as in /npm/my-scope/*.');
  await expect(pattern).toHaveAttribute('aria-invalid', 'true');
  await expect(submit).toBeDisabled();
  await pattern.fill('/pypi/requests$');
  await expect(hint).toContainText('the namespace is empty for pypi: /pypi//name$');
  await expect(submit).toBeDisabled();
  await pattern.fill('/npm/acme/*');
  await expect(hint).toContainText('/format/namespace/name ending in $');
  await dialog.getByTestId('group-contact-input').fill('line one\u0007');
  await expect(dialog.getByTestId('group-contact-hint')).toContainText(
    'Contact info may contain only printable',
  );
  await expect(submit).toBeDisabled();
  await dialog.getByTestId('group-contact-input').fill('web team');
  await submit.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('group-pattern')).toHaveText('/npm/acme/*');

  await app.openRepository('app');
  await new RepositoryPage(page).tab('settings');
  const key = page.getByTestId('tag-key-input');
  const add = page.getByTestId('add-tag');
  await key.fill('k'.repeat(129));
  await expect(page.getByTestId('tag-key-hint')).toHaveText(
    'A tag key can have at most 128 characters; this one has 129.',
  );
  await expect(add).toBeDisabled();
  await key.fill('team');
  await page.getByTestId('tag-value-input').fill('v'.repeat(257));
  await expect(page.getByTestId('tag-value-hint')).toContainText('at most 256 characters');
  await expect(add).toBeDisabled();
  await page.getByTestId('tag-value-input').fill('web');
  await add.click();
  await expect(page.getByTestId('tag-team')).toContainText('web');
});
