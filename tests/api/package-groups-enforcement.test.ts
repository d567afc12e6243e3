/**
 * Group origin controls enforced, through the real SDK against `serve`: a generic publish into a
 * group that blocks publishing is refused with the error a package-level BLOCK gives (403
 * AccessDeniedException); ALLOW_SPECIFIC_REPOSITORIES lets one repository in and keeps another out;
 * a copy into a repository the group does not allow fails that version with NOT_ALLOWED; and a
 * version an upstream holds is not served to a repository the group keeps from INTERNAL_UPSTREAM
 * (seen through CopyPackageVersions with includeFromUpstream, which reads through upstreams).
 */
import {
  AccessDeniedException,
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  ListPackageVersionsCommand,
  ResourceNotFoundException,
  UpdatePackageGroupOriginConfigurationCommand,
  type CodeartifactClient,
  type PackageGroupAllowedRepository,
  type PackageGroupOriginRestrictionMode,
  type PackageGroupOriginRestrictionType,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError } from '../helpers/expect-error';
import { publishGeneric, uniqueBytes, type GenericPackage } from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
});

afterAll(async () => {
  await serve?.dispose();
});

/** A fresh domain with base ← allowed and base ← other (both read through base), and one group. */
async function setUp(domain: string, group: string): Promise<void> {
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'base' }));
  for (const repository of ['allowed', 'other']) {
    await client.send(
      new CreateRepositoryCommand({ domain, repository, upstreams: [{ repositoryName: 'base' }] }),
    );
  }
  await client.send(new CreatePackageGroupCommand({ domain, packageGroup: group }));
}

function configure(
  domain: string,
  packageGroup: string,
  restrictions: Partial<Record<PackageGroupOriginRestrictionType, PackageGroupOriginRestrictionMode>>,
  addAllowedRepositories: PackageGroupAllowedRepository[] = [],
) {
  return client.send(
    new UpdatePackageGroupOriginConfigurationCommand({
      domain,
      packageGroup,
      restrictions,
      addAllowedRepositories,
    }),
  );
}

const at = (domain: string, repository: string, pkg = 'tool', namespace = 'acme'): GenericPackage => ({
  domain,
  repository,
  namespace,
  package: pkg,
});

async function versionsIn(target: GenericPackage): Promise<string[]> {
  try {
    const listed = await client.send(new ListPackageVersionsCommand({ ...target, format: 'generic' }));
    return (listed.versions ?? []).map((summary) => summary.version as string).sort();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
}

describe('publishing', () => {
  const domain = 'enforce-publish';
  beforeAll(() => setUp(domain, '/generic/acme/*'));

  it('refuses a generic publish into a group that blocks publishing, and stores nothing', async () => {
    await configure(domain, '/generic/acme/*', { PUBLISH: 'BLOCK' });
    await expectServiceError(
      publishGeneric(client, at(domain, 'allowed'), '1.0.0', 'tool.bin', uniqueBytes('blocked')),
      AccessDeniedException,
      { status: 403, message: /Package group '\/generic\/acme\/\*'.*blocks publishing/ },
    );
    expect(await versionsIn(at(domain, 'allowed'))).toEqual([]);
    // A package outside the group publishes as usual.
    const elsewhere = await publishGeneric(
      client,
      at(domain, 'allowed', 'tool', 'other-team'),
      '1.0.0',
      'tool.bin',
      'x',
    );
    expect(elsewhere.status).toBe('Published');
  });

  it('ALLOW_SPECIFIC_REPOSITORIES allows one repository and refuses another', async () => {
    await configure(domain, '/generic/acme/*', { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' }, [
      { originRestrictionType: 'PUBLISH', repositoryName: 'allowed' },
    ]);
    const published = await publishGeneric(
      client,
      at(domain, 'allowed'),
      '1.0.0',
      'tool.bin',
      uniqueBytes('ok'),
    );
    expect(published.status).toBe('Published');
    await expectServiceError(
      publishGeneric(client, at(domain, 'other'), '1.0.0', 'tool.bin', uniqueBytes('refused')),
      AccessDeniedException,
      { status: 403, message: /'other' is not one of them/ },
    );
    expect(await versionsIn(at(domain, 'allowed'))).toEqual(['1.0.0']);
    expect(await versionsIn(at(domain, 'other'))).toEqual([]);
  });
});

describe('copying', () => {
  const domain = 'enforce-copy';
  beforeAll(async () => {
    await setUp(domain, '/generic/acme/tool$');
    for (const version of ['1.0.0', '2.0.0']) {
      await publishGeneric(client, at(domain, 'base'), version, 'tool.bin', uniqueBytes(version));
    }
    await configure(domain, '/generic/acme/tool$', { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' }, [
      { originRestrictionType: 'PUBLISH', repositoryName: 'allowed' },
    ]);
  });

  const copy = (destinationRepository: string) =>
    client.send(
      new CopyPackageVersionsCommand({
        domain,
        sourceRepository: 'base',
        destinationRepository,
        format: 'generic',
        namespace: 'acme',
        package: 'tool',
        versions: ['1.0.0', '2.0.0'],
      }),
    );

  it('fails each version copied into a repository the group does not allow with NOT_ALLOWED', async () => {
    const refused = await copy('other');
    expect(refused.successfulVersions).toEqual({});
    expect(Object.keys(refused.failedVersions ?? {}).sort()).toEqual(['1.0.0', '2.0.0']);
    for (const failure of Object.values(refused.failedVersions ?? {})) {
      expect(failure.errorCode).toBe('NOT_ALLOWED');
      expect(failure.errorMessage).toMatch(/Package group '\/generic\/acme\/tool\$'/);
    }
    expect(await versionsIn(at(domain, 'other'))).toEqual([]);
  });

  it('copies into the allowed repository', async () => {
    const copied = await copy('allowed');
    expect(Object.keys(copied.successfulVersions ?? {}).sort()).toEqual(['1.0.0', '2.0.0']);
    expect(await versionsIn(at(domain, 'allowed'))).toEqual(['1.0.0', '2.0.0']);
  });
});

describe('upstream versions', () => {
  const domain = 'enforce-upstream';
  beforeAll(async () => {
    await setUp(domain, '/generic/acme/*');
    await client.send(new CreateRepositoryCommand({ domain, repository: 'sink' }));
    await publishGeneric(client, at(domain, 'base'), '1.0.0', 'tool.bin', uniqueBytes('upstream'));
  });

  /** Copies tool 1.0.0 from `source`, resolving through its upstreams: what the source would serve. */
  const copyThroughUpstreams = (sourceRepository: string) =>
    client.send(
      new CopyPackageVersionsCommand({
        domain,
        sourceRepository,
        destinationRepository: 'sink',
        format: 'generic',
        namespace: 'acme',
        package: 'tool',
        versions: ['1.0.0'],
        includeFromUpstream: true,
        allowOverwrite: true,
      }),
    );

  it('is not served to a repository when the package’s group blocks INTERNAL_UPSTREAM', async () => {
    await configure(domain, '/generic/acme/*', { INTERNAL_UPSTREAM: 'BLOCK' });
    const blocked = await copyThroughUpstreams('other');
    expect(blocked.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_FOUND');
    expect(await versionsIn(at(domain, 'other'))).toEqual([]);
  });

  it('is served only to the repositories an ALLOW_SPECIFIC_REPOSITORIES list names', async () => {
    await configure(domain, '/generic/acme/*', { INTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES' }, [
      { originRestrictionType: 'INTERNAL_UPSTREAM', repositoryName: 'allowed' },
    ]);
    const served = await copyThroughUpstreams('allowed');
    expect(Object.keys(served.successfulVersions ?? {})).toEqual(['1.0.0']);
    const refused = await copyThroughUpstreams('other');
    expect(refused.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_FOUND');
  });
});
