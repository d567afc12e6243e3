/**
 * Page model of the console's entry: opening the page with the token from serve's URL, the
 * ready marker, and the app header (endpoint). Feature page models build on an opened console.
 */
import type { Locator, Page } from '@playwright/test';

export class ConsoleEntry {
  readonly root: Locator;
  readonly endpoint: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app');
    this.endpoint = page.getByTestId('header-endpoint');
  }

  /** Opens `consoleUrl` (with `?token=`) and waits until the first load is done. */
  async open(consoleUrl: string): Promise<void> {
    await this.page.goto(consoleUrl);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' });
  }
}
