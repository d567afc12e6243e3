/**
 * Page model of a domain's screen: its repositories, the upstream graph and the package groups with
 * their origin controls.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class DomainPage {
  readonly graph: Locator;
  readonly graphEdges: Locator;
  readonly graphNodes: Locator;
  readonly groupDetail: Locator;

  constructor(readonly page: Page) {
    this.graph = page.getByTestId('upstream-graph');
    this.graphEdges = page.getByTestId('graph-edge');
    this.graphNodes = page.getByTestId('graph-node');
    this.groupDetail = page.getByTestId('group-detail');
  }

  async tab(name: 'repositories' | 'graph' | 'groups'): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  edge(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="graph-edge"][data-from="${from}"][data-to="${to}"]`);
  }

  group(pattern: string): Locator {
    return this.page.getByTestId(`group-item-${pattern}`);
  }

  async createGroup(pattern: string, description: string): Promise<void> {
    await this.page.getByTestId('new-group-button').click();
    const dialog = this.page.getByTestId('create-group-dialog');
    await dialog.getByTestId('group-pattern-input').fill(pattern);
    await dialog.getByLabel('Description (optional)').fill(description);
    await dialog.getByTestId('submit-button').click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('group-pattern')).toHaveText(pattern);
  }

  originMode(type: 'PUBLISH' | 'EXTERNAL_UPSTREAM' | 'INTERNAL_UPSTREAM'): Locator {
    return this.page.getByTestId(`origin-mode-${type}`);
  }

  effectiveMode(type: 'PUBLISH' | 'EXTERNAL_UPSTREAM' | 'INTERNAL_UPSTREAM'): Locator {
    return this.page.getByTestId(`origin-effective-${type}`);
  }
}
