/**
 * Cargo, RubyGems, NuGet and Swift versions for the mirror tests, built in memory and published
 * through each format's own publish request (`cargo publish`'s framed body, `gem push`, a NuGet
 * push, an SE-0292 publish) with a GetAuthorizationToken token, one of each Unlisted afterwards.
 */
import { gzipSync } from 'node:zlib';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { tarOf, tgzOf, zipOf } from '../archives/archive-builders';
import { nuspecXml } from '../clients/nuget/nupkg-builder';

export const archiveDomain = 'archive-domain';
export const archiveRepository = 'builds';

export interface ArchiveFixture {
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly status: 'Published' | 'Unlisted';
}

function crateOf(name: string, version: string): Buffer {
  const root = `${name}-${version}`;
  return tgzOf([
    {
      name: `${root}/Cargo.toml`,
      body: `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n`,
    },
    { name: `${root}/src/lib.rs`, body: `pub const VERSION: &str = "${version}";\n` },
  ]);
}

function framed(metadata: object, crate: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(metadata));
  const lengths = [Buffer.alloc(4), Buffer.alloc(4)];
  lengths[0]!.writeUInt32LE(json.length);
  lengths[1]!.writeUInt32LE(crate.length);
  return Buffer.concat([lengths[0]!, json, lengths[1]!, crate]);
}

function gemOf(name: string, version: string): Buffer {
  const spec = [
    '--- !ruby/object:Gem::Specification',
    `name: ${name}`,
    'version: !ruby/object:Gem::Version',
    `  version: ${version}`,
    'platform: ruby',
    'summary: A gem the mirror copies',
    'dependencies:',
    '- !ruby/object:Gem::Dependency',
    '  name: rake',
    '  requirement: !ruby/object:Gem::Requirement',
    '    requirements:',
    '    - - ">="',
    '      - !ruby/object:Gem::Version',
    "        version: '13.0'",
    '  type: :runtime',
    'licenses:',
    '- MIT',
    '',
  ].join('\n');
  return tarOf([
    { name: 'metadata.gz', body: gzipSync(spec) },
    { name: 'data.tar.gz', body: tgzOf([{ name: `lib/${name}.rb`, body: `module Mirror; end\n` }]) },
  ]);
}

async function endpointOf(client: CodeartifactClient, format: PackageFormat): Promise<string> {
  const out = await client.send(
    new GetRepositoryEndpointCommand({ domain: archiveDomain, repository: archiveRepository, format }),
  );
  return out.repositoryEndpoint ?? '';
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (response.status >= 300)
    throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
}

/** Creates the domain and repository, publishes one version of each format and returns them. */
export async function publishArchiveFixtures(client: CodeartifactClient): Promise<ArchiveFixture[]> {
  await client.send(new CreateDomainCommand({ domain: archiveDomain }));
  await client.send(new CreateRepositoryCommand({ domain: archiveDomain, repository: archiveRepository }));
  const token =
    (await client.send(new GetAuthorizationTokenCommand({ domain: archiveDomain }))).authorizationToken ?? '';
  const bearer = { authorization: `Bearer ${token}` };
  const basic = { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };

  const cargo = await endpointOf(client, 'cargo');
  const metadata = {
    name: 'mirror-crate',
    vers: '0.4.0',
    deps: [
      {
        name: 'serde',
        version_req: '^1.0',
        features: ['derive'],
        optional: false,
        default_features: true,
        target: null,
        kind: 'normal',
        registry: null,
        explicit_name_in_toml: 'serde_renamed',
      },
    ],
    features: { default: ['std'], std: [] },
    description: 'A crate the mirror copies',
    license: 'MIT',
    readme: '# mirror-crate\n',
  };
  await expectOk(
    await fetch(`${cargo}api/v1/crates/new`, {
      method: 'PUT',
      headers: bearer,
      body: new Uint8Array(framed(metadata, crateOf('mirror-crate', '0.4.0'))),
    }),
    'cargo publish',
  );

  await expectOk(
    await fetch(`${await endpointOf(client, 'ruby')}api/v1/gems`, {
      method: 'POST',
      headers: { ...basic, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(gemOf('mirror-gem', '2.1.0')),
    }),
    'gem push',
  );

  const nupkg = zipOf([
    { name: 'Mirror.Lib.nuspec', body: nuspecXml({ id: 'Mirror.Lib', version: '3.0.1' }) },
    { name: 'docs/README.md', body: '# Mirror.Lib\n' },
    { name: 'lib/net8.0/_._', body: '' },
  ]);
  const form = new FormData();
  form.append('package', new Blob([new Uint8Array(nupkg)]), 'Mirror.Lib.3.0.1.nupkg');
  await expectOk(
    await fetch(`${await endpointOf(client, 'nuget')}v2/package`, {
      method: 'PUT',
      headers: basic,
      body: form,
    }),
    'nuget push',
  );

  const archive = zipOf([
    {
      name: 'kit/Package.swift',
      body: '// swift-tools-version:5.7\nimport PackageDescription\nlet package = Package(name: "Kit")\n',
    },
    { name: 'kit/README.md', body: '# Kit\n' },
  ]);
  const release = new FormData();
  release.append('source-archive', new Blob([new Uint8Array(archive)], { type: 'application/zip' }));
  release.append(
    'metadata',
    new Blob(
      [
        JSON.stringify({
          description: 'Kit the mirror copies',
          repositoryURLs: ['https://example.invalid/desk/kit.git'],
        }),
      ],
      {
        type: 'application/json',
      },
    ),
  );
  await expectOk(
    await fetch(`${await endpointOf(client, 'swift')}desk/kit/1.2.0`, {
      method: 'PUT',
      headers: { ...bearer, accept: 'application/vnd.swift.registry.v1+json' },
      body: release,
    }),
    'swift publish',
  );

  const fixtures: ArchiveFixture[] = [
    { format: 'cargo', package: 'mirror-crate', version: '0.4.0', status: 'Unlisted' },
    { format: 'ruby', package: 'mirror-gem', version: '2.1.0', status: 'Published' },
    { format: 'nuget', package: 'mirror.lib', version: '3.0.1', status: 'Unlisted' },
    { format: 'swift', namespace: 'desk', package: 'kit', version: '1.2.0', status: 'Published' },
  ];
  for (const fixture of fixtures.filter((f) => f.status === 'Unlisted')) {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        domain: archiveDomain,
        repository: archiveRepository,
        format: fixture.format,
        package: fixture.package,
        versions: [fixture.version],
        targetStatus: 'Unlisted',
      }),
    );
  }
  return fixtures;
}
