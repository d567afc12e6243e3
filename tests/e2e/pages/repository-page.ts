/**
 * Page model of a repository's screen: the packages tab (virtualised list, search, format filter),
 * the settings tab (description, upstreams, external connection, policy, tags) and Connect.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class RepositoryPage {
  readonly title: Locator;
  readonly packageRows: Locator;
  readonly packageList: Locator;
  readonly search: Locator;
  readonly formatFilter: Locator;
  readonly total: Locator;
  readonly policyEditor: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('repository-title');
    this.packageRows = page.getByTestId('package-row');
    this.packageList = page.getByTestId('package-rows');
    this.search = page.getByTestId('package-search');
    this.formatFilter = page.getByTestId('package-format-filter');
    this.total = page.getByTestId('package-total');
    this.policyEditor = page.getByTestId('policy-editor');
  }

  package(displayName: string): Locator {
    return this.page.locator(`[data-testid="package-row"][data-package="${displayName}"]`);
  }

  async openPackage(displayName: string): Promise<void> {
    await this.package(displayName).click();
    await expect(this.page.getByTestId('package-title')).toHaveText(displayName);
  }

  async tab(name: 'packages' | 'settings' | 'connect'): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  upstream(name: string): Locator {
    return this.page.getByTestId(`upstream-${name}`);
  }

  upstreamNames(): Promise<string[]> {
    return this.page.getByTestId('upstream-list').locator('li .strong').allTextContents();
  }

  async addUpstream(name: string): Promise<void> {
    await this.page.getByTestId('upstream-add-select').selectOption(name);
    await this.page.getByTestId('upstream-add-button').click();
  }

  async saveUpstreams(): Promise<void> {
    await this.page.getByTestId('save-upstreams').click();
    await expect(this.page.getByTestId('upstreams-section').getByText('Upstreams saved.')).toBeVisible();
  }

  async writePolicy(text: string): Promise<void> {
    await this.policyEditor.fill(text);
    await this.page.getByTestId('save-policy').click();
  }

  snippet(id: string): Locator {
    return this.page.getByTestId(`snippet-${id}`).getByTestId('snippet-text');
  }
}
