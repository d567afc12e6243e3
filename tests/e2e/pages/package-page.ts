/**
 * Page model of a package's screen and a version's screen: versions with status chips and filter,
 * selection and bulk actions, the version detail (metadata, readme, assets, dependencies) and the
 * action dialogs with their per-version results.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type VersionAction = 'status' | 'copy' | 'dispose' | 'delete';

export class PackagePage {
  readonly title: Locator;
  readonly versionRows: Locator;
  readonly actionDialog: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('package-title');
    this.versionRows = page.getByTestId('versions-table').locator('tbody tr');
    this.actionDialog = page.locator('[data-testid^="version-action-"]');
    this.results = page.getByTestId('batch-results');
  }

  versionRow(version: string): Locator {
    return this.page.getByTestId(`version-row-${version}`);
  }

  status(version: string): Locator {
    return this.versionRow(version).getByTestId('status-chip');
  }

  async select(...versions: string[]): Promise<void> {
    for (const version of versions) await this.page.getByTestId(`select-version-${version}`).check();
  }

  async filter(status: string): Promise<void> {
    await this.page.getByTestId(`status-filter-${status}`).click();
  }

  /** Starts a bulk action on the selected versions. */
  async bulk(action: VersionAction): Promise<void> {
    await this.page.getByTestId(`bulk-${action}`).click();
    await expect(this.page.getByTestId(`version-action-${action}`)).toBeVisible();
  }

  /** Starts an action from a version's own screen. */
  async versionAction(action: VersionAction): Promise<void> {
    await this.page.getByTestId(`action-${action}`).click();
    await expect(this.page.getByTestId(`version-action-${action}`)).toBeVisible();
  }

  consequence(): Locator {
    return this.actionDialog.getByTestId('consequence');
  }

  async confirm(): Promise<void> {
    await this.actionDialog.getByTestId('confirm-button').click();
    await expect(this.results).toBeVisible();
  }

  async closeResults(): Promise<void> {
    await this.actionDialog.getByTestId('close-results').click();
    await expect(this.actionDialog).toBeHidden();
  }

  async openVersion(version: string): Promise<void> {
    await this.versionRow(version).locator('td').nth(1).click();
    await expect(this.page.getByTestId('version-title')).toContainText(version);
  }

  /** The package's dist-tags above its versions, each as `tag: version`. */
  distTags(): Locator {
    return this.page.getByTestId('dist-tags').getByTestId('dist-tags-entry');
  }

  /** The tag chips in one version's row. */
  versionTags(version: string): Locator {
    return this.versionRow(version).getByTestId('dist-tag');
  }

  asset(name: string): Locator {
    return this.page.getByTestId(`asset-row-${name}`);
  }
}
