/**
 * The console's fixtures with a local fake public npm registry behind `public:npmjs`: the test gets
 * it as `publicNpm`, and `serve` starts with it as that connection's upstream and without asking the
 * user's own npm.
 */
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from '../clients/npm/fake-registry';
import type { NpmFixture } from '../clients/npm/tarball-writer';
import { test } from './fixtures';

export function withPublicNpm(packages: readonly NpmFixture[], options?: FakeRegistryOptions) {
  return test.extend<{ publicNpm: FakeRegistry }>({
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
    publicNpm: async ({}, use) => {
      const fake = await startFakeRegistry([...packages], options);
      try {
        await use(fake);
      } finally {
        await fake.stop();
      }
    },
    serveArgs: async ({ publicNpm }, use) => {
      await use(['--no-client-config', '--external-upstream', `public:npmjs=${publicNpm.url}`]);
    },
  });
}
