/**
 * PutPackageOriginConfiguration through the real SDK: creating a package with no versions,
 * DescribePackage and ListPackages reflecting the restrictions, the defaults of a package created by
 * a publish, the effect of publish=BLOCK on an existing package, request validation, and package
 * names compared in each format's normalised form (PyPI PEP 503, NuGet case-insensitive).
 */
import {
  AccessDeniedException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageCommand,
  ListPackageVersionsCommand,
  ListPackagesCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  ValidationException,
  type AllowPublish,
  type AllowUpstream,
  type CodeartifactClient,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { describeVersion, publishGeneric, uniqueBytes, type GenericPackage } from '../helpers/packages';
import { signedRawRequest } from '../helpers/raw-http';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'origins';
const repository = 'controlled';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

interface Target {
  format: PackageFormat;
  namespace?: string;
  package: string;
  repository?: string;
}

function putOrigin(target: Target, publish: AllowPublish, upstream: AllowUpstream) {
  return client.send(
    new PutPackageOriginConfigurationCommand({
      domain,
      repository: target.repository ?? repository,
      format: target.format,
      namespace: target.namespace,
      package: target.package,
      restrictions: { publish, upstream },
    }),
  );
}

function describePackage(target: Target) {
  return client.send(
    new DescribePackageCommand({
      domain,
      repository: target.repository ?? repository,
      format: target.format,
      namespace: target.namespace,
      package: target.package,
    }),
  );
}

describe('PutPackageOriginConfiguration', () => {
  it('creates a missing package with no versions and the requested restrictions', async () => {
    const target: Target = { format: 'generic', namespace: 'acme', package: 'reserved' };
    const result = await putOrigin(target, 'BLOCK', 'ALLOW');
    expect(result.originConfiguration).toEqual({ restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } });

    const { package: described } = await describePackage(target);
    expect(described).toEqual({
      format: 'generic',
      namespace: 'acme',
      name: 'reserved',
      originConfiguration: { restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } },
    });
    const versions = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'acme',
        package: 'reserved',
      }),
    );
    expect(versions.versions ?? []).toEqual([]);
    const { packages } = await client.send(
      new ListPackagesCommand({ domain, repository, packagePrefix: 'reserved' }),
    );
    expect(packages).toEqual([
      {
        format: 'generic',
        namespace: 'acme',
        package: 'reserved',
        originConfiguration: { restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } },
      },
    ]);
  });

  it('works for every format, with or without a namespace as the format requires', async () => {
    const targets: Target[] = [
      { format: 'npm', package: 'left-pad' },
      { format: 'npm', namespace: 'types', package: 'node' },
      { format: 'pypi', package: 'requests' },
      { format: 'maven', namespace: 'org.example', package: 'core' },
      { format: 'nuget', package: 'serilog' },
      { format: 'ruby', package: 'rails' },
      { format: 'cargo', package: 'serde' },
      { format: 'swift', namespace: 'apple', package: 'swift-nio' },
    ];
    for (const target of targets) {
      const result = await putOrigin(target, 'ALLOW', 'ALLOW');
      expect(result.originConfiguration?.restrictions, `${target.format} ${target.package}`).toEqual({
        publish: 'ALLOW',
        upstream: 'ALLOW',
      });
      const { package: described } = await describePackage(target);
      expect(described?.format).toBe(target.format);
      expect(described?.namespace).toBe(target.namespace);
      expect(described?.name).toBe(target.package);
    }
  });

  it('a published package starts with publish=ALLOW, upstream=BLOCK, and the restrictions can then be changed', async () => {
    const target: GenericPackage = { domain, repository, namespace: 'acme', package: 'shipped' };
    await publishGeneric(client, target, '1.0.0', 'a.bin', uniqueBytes('shipped'));
    const generic: Target = { format: 'generic', namespace: 'acme', package: 'shipped' };
    expect((await describePackage(generic)).package?.originConfiguration).toEqual({
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });

    await putOrigin(generic, 'BLOCK', 'BLOCK');
    expect((await describePackage(generic)).package?.originConfiguration).toEqual({
      restrictions: { publish: 'BLOCK', upstream: 'BLOCK' },
    });
    // Existing versions stay; only new publishes are refused.
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Published');
    await expectServiceError(
      publishGeneric(client, target, '1.1.0', 'a.bin', uniqueBytes('blocked')),
      AccessDeniedException,
      { status: 403 },
    );
  });

  it('a package reserved with publish=ALLOW accepts its first publish and keeps the configured restrictions', async () => {
    const generic: Target = { format: 'generic', namespace: 'acme', package: 'prepared' };
    await putOrigin(generic, 'ALLOW', 'ALLOW');
    const target: GenericPackage = { domain, repository, namespace: 'acme', package: 'prepared' };
    await publishGeneric(client, target, '1.0.0', 'a.bin', uniqueBytes('prepared'));
    expect((await describePackage(generic)).package?.originConfiguration).toEqual({
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    });
  });

  it('compares PyPI names in PEP 503 form and NuGet ids case-insensitively, and reports the normalised name', async () => {
    await putOrigin({ format: 'pypi', package: 'My_Package.Name' }, 'BLOCK', 'ALLOW');
    for (const spelling of ['my-package-name', 'MY.PACKAGE_name', 'my__package--name']) {
      const { package: described } = await describePackage({ format: 'pypi', package: spelling });
      expect(described?.name, `lookup as ${spelling}`).toBe('my-package-name');
      expect(described?.originConfiguration?.restrictions?.publish).toBe('BLOCK');
    }
    const pypi = await client.send(
      new ListPackagesCommand({ domain, repository, format: 'pypi', packagePrefix: 'my' }),
    );
    expect((pypi.packages ?? []).map((p) => p.package)).toEqual(['my-package-name']);

    await putOrigin({ format: 'nuget', package: 'Newtonsoft.Json' }, 'ALLOW', 'BLOCK');
    // The same package under another spelling is updated, not duplicated.
    await putOrigin({ format: 'nuget', package: 'NEWTONSOFT.JSON' }, 'BLOCK', 'BLOCK');
    const { package: nuget } = await describePackage({ format: 'nuget', package: 'newtonsoft.json' });
    expect(nuget?.name).toBe('newtonsoft.json');
    expect(nuget?.originConfiguration?.restrictions).toEqual({ publish: 'BLOCK', upstream: 'BLOCK' });
    const listed = await client.send(
      new ListPackagesCommand({ domain, repository, format: 'nuget', packagePrefix: 'newtonsoft' }),
    );
    expect((listed.packages ?? []).map((p) => p.package)).toEqual(['newtonsoft.json']);
  });

  it('requires a namespace for generic, Maven and Swift packages', async () => {
    for (const format of ['generic', 'maven', 'swift'] as const) {
      await expectServiceError(
        putOrigin({ format, package: 'no-namespace' }, 'ALLOW', 'ALLOW'),
        ValidationException,
        {
          status: 400,
        },
      );
    }
  });

  it('refuses restrictions that lack publish or upstream, or carry another value', async () => {
    const send = (restrictions: Record<string, string>) =>
      client.send(
        new PutPackageOriginConfigurationCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'acme',
          package: 'half-configured',
          restrictions: restrictions as { publish: AllowPublish; upstream: AllowUpstream },
        }),
      );
    await expectValidationError(send({ publish: 'ALLOW' }), ['upstream', 'restrictions']);
    await expectValidationError(send({ upstream: 'ALLOW' }), ['publish', 'restrictions']);
    await expectValidationError(send({ publish: 'MAYBE', upstream: 'ALLOW' }), ['publish', 'restrictions']);
    await expectServiceError(
      describePackage({ format: 'generic', namespace: 'acme', package: 'half-configured' }),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('refuses a request without restrictions (ValidationException)', async () => {
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      method: 'POST',
      path: `/v1/package?domain=${domain}&repository=${repository}&format=generic&namespace=acme&package=bare`,
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toMatch(/^ValidationException/);
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    await expectServiceError(
      putOrigin(
        { format: 'generic', namespace: 'acme', package: 'x', repository: 'ghost-repo' },
        'ALLOW',
        'ALLOW',
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository', resourceId: 'ghost-repo' },
    );
    await expectServiceError(
      client.send(
        new PutPackageOriginConfigurationCommand({
          domain: 'no-such-domain',
          repository,
          format: 'generic',
          namespace: 'acme',
          package: 'x',
          restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });
});
