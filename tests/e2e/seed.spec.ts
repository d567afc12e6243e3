/**
 * "Seed from this computer" on the Offline kit page: a hand-built local Maven repository is given
 * as the Maven path, only Maven is ticked, and the seed runs in the background to a report counting
 * the versions imported and naming the one skipped (a pom that does not match its .sha1) with why.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { pomXml } from '../clients/maven/maven-tools';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';

async function writePom(root: string, artifactId: string, version: string, damaged = false): Promise<void> {
  const dir = path.join(root, 'org', 'seedui', artifactId, version);
  await mkdir(dir, { recursive: true });
  const pom = Buffer.from(pomXml({ groupId: 'org.seedui', artifactId, version }));
  const base = path.join(dir, `${artifactId}-${version}`);
  await writeFile(`${base}.pom`, pom);
  await writeFile(
    `${base}.pom.sha1`,
    damaged ? '0'.repeat(40) : createHash('sha1').update(pom).digest('hex'),
  );
}

test('a seed from a Maven folder given as path runs from the Offline kit page to its report', async ({
  page,
  desk,
}) => {
  const m2 = await makeTempDir('artifact-desk-seed-ui-');
  try {
    await writePom(m2, 'core', '1.0');
    await writePom(m2, 'core', '2.0');
    await writePom(m2, 'broken', '1.0', true);
    await desk.client.send(new CreateDomainCommand({ domain: 'seedui' }));
    await desk.client.send(new CreateRepositoryCommand({ domain: 'seedui', repository: 'local' }));
    const app = new AppPage(page);
    await app.open(desk.consoleUrl);
    await page.getByTestId('kit-button').click();
    const screen = page.getByTestId('kit-screen');
    await screen.getByTestId('kit-domain').selectOption('seedui');
    await screen.getByTestId('kit-repository').selectOption('local');
    const section = screen.getByTestId('seed-section');
    await section.getByTestId('seed-source-npm').uncheck();
    await section.getByTestId('seed-source-pypi').uncheck();
    await section.getByTestId('seed-path-maven').fill(m2);
    await section.getByTestId('seed-start').click();

    await expect(section.getByTestId('seed-progress')).toHaveAttribute('data-state', 'succeeded');
    await expect(section.getByTestId('seed-counts')).toContainText('2 imported, 0 present, 1 skipped');
    const skipped = section.locator('[data-package="org.seedui:broken@1.0"]');
    await expect(skipped).toHaveAttribute('data-testid', 'seed-skipped');
    await expect(skipped).toContainText('maven');
    await expectNoSeriousViolations(page, 'offline kit page with a seed report');
  } finally {
    await removeDir(m2);
  }
});
