/**
 * The client configuration the Connect panel shows for a repository: the `aws codeartifact login`
 * line for the tools it supports, and the configuration files and commands each package manager
 * needs, built from GetRepositoryEndpoint's URL and a GetAuthorizationToken token.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';

export interface ConnectTarget {
  /** The local service's endpoint (what `--endpoint-url` takes). */
  readonly serviceEndpoint: string;
  readonly region: string;
  readonly domain: string;
  readonly domainOwner: string;
  readonly repository: string;
  /** GetRepositoryEndpoint's answer for the format; ends in `/`. */
  readonly repositoryEndpoint: string;
  /** An authorization token, or undefined while none has been fetched. */
  readonly token?: string;
}

export interface ConnectSnippet {
  readonly id: string;
  readonly title: string;
  /** Where the text goes, e.g. a file name or "shell". */
  readonly where: string;
  readonly text: string;
}

/**
 * The formats the panel can offer, in this order: those whose endpoints the service serves (the main
 * process names them), plus `generic`, which clients reach through the API itself.
 */
export function connectFormats(served: readonly string[]): PackageFormat[] {
  return packageFormats.filter((format) => format === 'generic' || served.includes(format));
}

/** Every format the CodeArtifact API knows, in the order the UI lists them. */
export const packageFormats: readonly PackageFormat[] = [
  'npm',
  'pypi',
  'maven',
  'nuget',
  'ruby',
  'swift',
  'cargo',
  'generic',
];

/** What a snippet shows in place of the token until it is revealed (its length is not given away). */
export const maskedToken = '•'.repeat(12);

const tokenPlaceholder = '<authorization token>';

function loginCommand(target: ConnectTarget, tool: 'npm' | 'pip' | 'twine' | 'dotnet' | 'swift'): string {
  return [
    'aws codeartifact login',
    `--tool ${tool}`,
    `--domain ${target.domain}`,
    `--domain-owner ${target.domainOwner}`,
    `--repository ${target.repository}`,
    `--endpoint-url ${target.serviceEndpoint}`,
    `--region ${target.region}`,
  ].join(' ');
}

/** `//host:port/path/` — the key npm uses to find a registry's credentials. */
export function npmAuthKey(repositoryEndpoint: string): string {
  const url = new URL(repositoryEndpoint);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `//${url.host}${path}`;
}

/**
 * The name Cargo knows a repository by: `{domain}-{repository}`, with what a Cargo registry name
 * cannot hold (a `.` would also split the TOML table name) written as `-`.
 */
export function cargoRegistryName(domain: string, repository: string): string {
  return `${domain}-${repository}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** The variable Cargo reads a registry's token from: `CARGO_REGISTRIES_{NAME}_TOKEN`. */
export function cargoTokenVariable(registry: string): string {
  return `CARGO_REGISTRIES_${registry.toUpperCase().replace(/-/g, '_')}_TOKEN`;
}

function withBasicAuth(endpoint: string, token: string): string {
  const url = new URL(endpoint);
  url.username = 'aws';
  url.password = token;
  return url.toString();
}

/**
 * pip keeps downloads in its HTTP cache only over HTTPS or from a trusted host: a plain-HTTP endpoint
 * (the loopback service) is named as one, so a second install uses the cached files.
 */
function pipTrustedHost(endpoint: string): string {
  const url = new URL(endpoint);
  return url.protocol === 'http:' ? `\ntrusted-host = ${url.host}` : '';
}

export function connectSnippets(format: PackageFormat, target: ConnectTarget): ConnectSnippet[] {
  const endpoint = target.repositoryEndpoint;
  const token = target.token ?? tokenPlaceholder;
  switch (format) {
    case 'npm':
      return [
        {
          id: 'npm-login',
          title: 'Configure npm with the AWS CLI',
          where: 'shell',
          text: loginCommand(target, 'npm'),
        },
        {
          id: 'npm-npmrc',
          title: 'Or write .npmrc yourself',
          where: '.npmrc',
          text: `registry=${endpoint}\n${npmAuthKey(endpoint)}:_authToken=${token}`,
        },
        {
          id: 'npm-install',
          title: 'Install and publish',
          where: 'shell',
          text: 'npm install <package>\nnpm publish',
        },
      ];
    case 'pypi':
      return [
        {
          id: 'pip-login',
          title: 'Configure pip with the AWS CLI',
          where: 'shell',
          text: loginCommand(target, 'pip'),
        },
        {
          id: 'twine-login',
          title: 'Configure twine with the AWS CLI',
          where: 'shell',
          text: loginCommand(target, 'twine'),
        },
        {
          id: 'pip-conf',
          title: 'Or write pip.conf yourself',
          where: 'pip.conf',
          text: `[global]\nindex-url = ${withBasicAuth(`${endpoint}simple/`, token)}${pipTrustedHost(endpoint)}`,
        },
        {
          id: 'pypirc',
          title: 'Or write .pypirc for twine',
          where: '.pypirc',
          text: `[distutils]\nindex-servers = codeartifact\n\n[codeartifact]\nrepository = ${endpoint}\nusername = aws\npassword = ${token}`,
        },
      ];
    case 'maven':
      return [
        {
          id: 'maven-settings',
          title: 'Credentials in settings.xml',
          where: '~/.m2/settings.xml',
          text: `<settings>\n  <servers>\n    <server>\n      <id>${target.domain}-${target.repository}</id>\n      <username>aws</username>\n      <password>${token}</password>\n    </server>\n  </servers>\n</settings>`,
        },
        {
          id: 'maven-pom',
          title: 'Repository in pom.xml',
          where: 'pom.xml',
          text: `<repositories>\n  <repository>\n    <id>${target.domain}-${target.repository}</id>\n    <url>${endpoint}</url>\n  </repository>\n</repositories>\n<distributionManagement>\n  <repository>\n    <id>${target.domain}-${target.repository}</id>\n    <url>${endpoint}</url>\n  </repository>\n</distributionManagement>`,
        },
      ];
    case 'nuget':
      return [
        {
          id: 'nuget-login',
          title: 'Configure dotnet with the AWS CLI',
          where: 'shell',
          text: loginCommand(target, 'dotnet'),
        },
        {
          id: 'nuget-source',
          title: 'Or add the NuGet source yourself',
          where: 'shell',
          text: `nuget sources add -Name ${target.domain}/${target.repository} -Source ${endpoint}v3/index.json -Username aws -Password ${token}`,
        },
      ];
    case 'generic':
      return [
        {
          id: 'generic-publish',
          title: 'Publish a file with the AWS CLI',
          where: 'shell',
          text: `aws codeartifact publish-package-version --domain ${target.domain} --domain-owner ${target.domainOwner} --repository ${target.repository} --format generic --namespace <namespace> --package <package> --package-version <version> --asset-content <file> --asset-name <file> --asset-sha256 <sha256 of file> --endpoint-url ${target.serviceEndpoint} --region ${target.region}`,
        },
        {
          id: 'generic-download',
          title: 'Download a file with the AWS CLI',
          where: 'shell',
          text: `aws codeartifact get-package-version-asset --domain ${target.domain} --domain-owner ${target.domainOwner} --repository ${target.repository} --format generic --namespace <namespace> --package <package> --package-version <version> --asset <file> <output file> --endpoint-url ${target.serviceEndpoint} --region ${target.region}`,
        },
      ];
    case 'ruby':
      return [
        {
          id: 'ruby-env',
          title: 'gem push and install',
          where: 'shell',
          text: `export RUBYGEMS_HOST=${endpoint}\nexport GEM_HOST_API_KEY="Bearer ${token}"\ngem push <gem file>\ngem install <gem> --clear-sources --source ${withBasicAuth(endpoint, token)}`,
        },
        {
          id: 'ruby-gemfile',
          title: 'Bundler source',
          where: 'Gemfile',
          text: `source "${withBasicAuth(endpoint, token)}"`,
        },
      ];
    case 'swift':
      return [
        {
          id: 'swift-login',
          title: 'Configure SwiftPM with the AWS CLI',
          where: 'shell',
          text: loginCommand(target, 'swift'),
        },
        {
          id: 'swift-registry',
          title: 'Or set the Swift package registry yourself',
          where: 'shell',
          text: `swift package-registry set ${endpoint}\nswift package-registry login ${endpoint}login --token ${token}`,
        },
      ];
    case 'cargo': {
      const registry = cargoRegistryName(target.domain, target.repository);
      return [
        {
          id: 'cargo-config',
          title: 'Registry in ~/.cargo/config.toml',
          where: '~/.cargo/config.toml',
          text: `[registries.${registry}]\nindex = "sparse+${endpoint}"\ncredential-provider = "cargo:token"`,
        },
        {
          id: 'cargo-token',
          title: 'Token for that registry',
          where: 'shell',
          text: `export ${cargoTokenVariable(registry)}="Bearer ${token}"`,
        },
        {
          id: 'cargo-use',
          title: 'Depend on and publish crates',
          where: 'shell',
          text: `cargo add <crate> --registry ${registry}\ncargo publish --registry ${registry}`,
        },
      ];
    }
    default:
      return [];
  }
}
