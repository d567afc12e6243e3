/**
 * Search across domains and repositories, and the Ctrl+K command palette, used with the keyboard
 * only: open the palette, narrow places and packages by typing, move with the arrows, open with
 * Enter, close with Escape (focus goes back where it was); the search screen's format filter; and
 * axe on both. Leaves pictures of the palette and the search screen for the README.
 */
import { PutPackageOriginConfigurationCommand, type CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { expectNoSeriousViolations } from './pages/axe-check';
import { createDomainWithRepositories, publishGeneric } from './pages/seed-data';

async function makePackage(
  client: CodeartifactClient,
  at: { domain: string; repository: string },
  format: 'npm' | 'pypi',
  name: string,
): Promise<void> {
  await client.send(
    new PutPackageOriginConfigurationCommand({
      ...at,
      format,
      package: name,
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    }),
  );
}

test('command palette and cross-repository search work from the keyboard alone', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'team', ['app', 'store']);
  await createDomainWithRepositories(desk.client, 'ops', ['mirror']);
  await makePackage(desk.client, { domain: 'team', repository: 'store' }, 'npm', 'left-pad');
  await makePackage(desk.client, { domain: 'ops', repository: 'mirror' }, 'pypi', 'leftover');
  await publishGeneric(desk.client, {
    domain: 'team',
    repository: 'app',
    namespace: 'tools',
    package: 'left-handed',
    version: '1.0.0',
    assetName: 'tool.bin',
    content: Buffer.from('tool'),
  });

  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await expect(app.repository('mirror')).toBeVisible();
  const palette = page.getByTestId('command-palette');
  const input = page.getByTestId('palette-input');
  const items = page.getByTestId('palette-item');
  const activeItem = palette.locator('[role="option"][aria-selected="true"]');

  // Ctrl+K opens it with the input focused; places match word by word.
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  await page.keyboard.type('conn app');
  await expect(activeItem).toHaveText(/Connect to app/);
  await expectNoSeriousViolations(page, 'command palette');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('repository-title')).toHaveText('app');
  await expect(page.getByTestId('tab-connect')).toHaveAttribute('aria-selected', 'true');

  // Packages of every domain and repository are found by a fragment of their name.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('left');
  await expect(items.filter({ hasText: 'leftover' })).toBeVisible();
  await expect(items.filter({ hasText: 'left-pad' })).toBeVisible();
  await expect(items.filter({ hasText: 'tools/left-handed' })).toBeVisible();
  await saveScreen('command-palette');
  // Down until the pypi package is highlighted, then Enter opens its page.
  for (let step = 0; step < 6; step++) {
    if (((await activeItem.textContent()) ?? '').includes('leftover')) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(activeItem).toContainText('ops / mirror');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('package-title')).toHaveText('leftover');
  await expect(page).toHaveURL(/#\/d\/ops\/r\/mirror\/p\/pypi\/\/leftover$/);

  // Escape closes without moving, and focus returns to where it was.
  await page.getByTestId('refresh-button').focus();
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('refresh-button')).toBeFocused();
  await expect(page.getByTestId('package-title')).toHaveText('leftover');

  // The last row (Up wraps to it) opens the search screen; its format filter narrows the results.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('LEFT');
  await expect(items.last()).toHaveText(/Search all repositories for “LEFT”/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const results = page.getByTestId('search-result');
  await expect(page.getByTestId('search-screen')).toBeVisible();
  await expect(page.getByTestId('search-total')).toHaveText('3 packages');
  await expect(results).toHaveCount(3);
  await expectNoSeriousViolations(page, 'search screen');
  await saveScreen('search');

  await page.getByTestId('search-format').focus();
  await page.getByTestId('search-format').selectOption('npm');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute('data-package', 'left-pad');
  await expect(page).toHaveURL(/#\/search\/npm\/LEFT$/);
  await page.getByTestId('search-format').selectOption('all');
  await expect(results).toHaveCount(3);

  // Typing rewrites the current history entry instead of adding one per key; Enter submits, and
  // the next keystroke starts a new entry, so Back returns to the submitted search.
  const historyLength = (): Promise<number> => page.evaluate('history.length') as Promise<number>;
  const before = await historyLength();
  await page.getByTestId('search-input').focus();
  await page.keyboard.press('End');
  await page.keyboard.type('-p');
  await expect(page).toHaveURL(/#\/search\/(all\/)?LEFT-p$/);
  await expect(results).toHaveCount(1);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(results).toHaveCount(3);
  expect(await historyLength(), 'typing in the search box adds no history entries').toBe(before);
  await page.keyboard.press('Enter');
  await page.keyboard.type('-h');
  await expect(page).toHaveURL(/#\/search\/(all\/)?LEFT-h$/);
  expect(await historyLength(), 'typing after Enter starts one new history entry').toBe(before + 1);
  await page.goBack();
  await expect(page).toHaveURL(/#\/search\/(all\/)?LEFT$/);
  await expect(page.getByTestId('search-input')).toHaveValue('LEFT');
  await expect(results).toHaveCount(3);

  // From the search box, Down moves into the results, Down again to the next, Enter opens it.
  await page.getByTestId('search-input').focus();
  await page.keyboard.press('ArrowDown');
  await expect(results.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(1)).toBeFocused();
  const second = await results.nth(1).getAttribute('data-package');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('package-title')).toHaveText(second ?? '');

  // A search with no match says so; reload keeps the search.
  await page.goto(`${desk.consoleUrl.split('#')[0]}#/search/all/nothing-here`);
  await expect(page.getByTestId('search-no-match')).toBeVisible();
});
