/**
 * Publishes npm versions over the repository's npm endpoint with one PUT each, exactly as
 * `npm publish --tag <tag>` sends it, for tests that need npm packages without running the npm CLI.
 */
import type { NpmFixture } from './tarball-writer';

/** Publishes one version the way `npm publish --tag <tag>` sends it. */
export async function npmPublish(
  registry: string,
  token: string,
  fixture: NpmFixture,
  tag: string,
): Promise<void> {
  const tarballName = `${fixture.name}-${fixture.version}.tgz`;
  const response = await fetch(`${registry}${fixture.name.replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      _id: fixture.name,
      name: fixture.name,
      'dist-tags': { [tag]: fixture.version },
      versions: {
        [fixture.version]: {
          ...fixture.manifest,
          dist: { integrity: fixture.integrity, shasum: fixture.shasum },
        },
      },
      _attachments: {
        [tarballName]: {
          content_type: 'application/octet-stream',
          data: fixture.tarball.toString('base64'),
          length: fixture.tarball.length,
        },
      },
    }),
  });
  if (response.status >= 300) {
    throw new Error(
      `npm publish of ${fixture.name}@${fixture.version} answered ${response.status}: ${await response.text()}`,
    );
  }
}
