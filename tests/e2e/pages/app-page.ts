/**
 * Page model of the app shell: the sidebar (domains, repositories, counts), the header buttons, the
 * notices and whatever dialog is open. Screen page models are reached from here.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { ConsoleEntry } from './console-entry';

export class AppPage {
  readonly entry: ConsoleEntry;
  readonly sidebar: Locator;
  readonly dialog: Locator;
  readonly notices: Locator;

  constructor(readonly page: Page) {
    this.entry = new ConsoleEntry(page);
    this.sidebar = page.getByTestId('sidebar');
    this.dialog = page.getByRole('dialog');
    this.notices = page.getByTestId('notice');
  }

  async open(consoleUrl: string): Promise<void> {
    await this.entry.open(consoleUrl);
  }

  /** Sidebar entry of a domain (its button, which carries the repository count). */
  domain(name: string): Locator {
    return this.page.getByTestId(`sidebar-domain-button-${name}`);
  }

  repository(name: string): Locator {
    return this.page.getByTestId(`sidebar-repository-${name}`);
  }

  async createDomain(name: string): Promise<void> {
    await this.page.getByTestId('new-domain-button').click();
    const dialog = this.page.getByTestId('create-domain-dialog');
    await dialog.getByTestId('domain-name-input').fill(name);
    await dialog.getByTestId('submit-button').click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('domain-title')).toHaveText(name);
  }

  /** Creates a repository from the open domain's screen. */
  async createRepository(
    name: string,
    options: { description?: string; upstreams?: string[] } = {},
  ): Promise<void> {
    await this.page.getByTestId('tab-repositories').click();
    await this.page.getByTestId('new-repository-button').click();
    const dialog = this.page.getByTestId('create-repository-dialog');
    await dialog.getByTestId('repository-name-input').fill(name);
    if (options.description)
      await dialog.getByTestId('repository-description-input').fill(options.description);
    for (const upstream of options.upstreams ?? [])
      await dialog.getByTestId(`new-upstream-${upstream}`).check();
    await dialog.getByTestId('submit-button').click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('repository-title')).toHaveText(name);
  }

  async openDomain(name: string): Promise<void> {
    await this.domain(name).click();
    await expect(this.page.getByTestId('domain-title')).toHaveText(name);
  }

  async openRepository(name: string): Promise<void> {
    await this.repository(name).click();
    await expect(this.page.getByTestId('repository-title')).toHaveText(name);
  }

  async openSettings(): Promise<void> {
    await this.page.getByTestId('settings-button').click();
    await expect(this.page.getByTestId('settings-screen')).toBeVisible();
  }

  /** The error message shown for a failure (the service's message, verbatim). */
  errorMessage(scope: Locator | Page = this.page): Locator {
    return scope.getByTestId('error-message');
  }
}
