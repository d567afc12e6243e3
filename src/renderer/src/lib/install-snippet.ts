/**
 * The line (or lines) that add a package version to a project, in each format's own client syntax;
 * the repository itself is configured once through the Connect panel.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';

export interface InstallSnippet {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export function installSnippets(
  format: PackageFormat | string,
  namespace: string | undefined,
  name: string,
  version: string,
  /** The registry name Cargo's configuration gives the repository (see cargoRegistryName). */
  cargoRegistry?: string,
): InstallSnippet[] {
  switch (format) {
    case 'npm': {
      const full = namespace ? `@${namespace}/${name}` : name;
      return [{ id: 'npm', title: 'npm', text: `npm install ${full}@${version}` }];
    }
    case 'pypi':
      return [{ id: 'pip', title: 'pip', text: `pip install ${name}==${version}` }];
    case 'maven':
      return [
        {
          id: 'maven',
          title: 'Maven (pom.xml)',
          text: `<dependency>\n  <groupId>${namespace ?? ''}</groupId>\n  <artifactId>${name}</artifactId>\n  <version>${version}</version>\n</dependency>`,
        },
        {
          id: 'gradle',
          title: 'Gradle (build.gradle.kts)',
          text: `implementation("${namespace ?? ''}:${name}:${version}")`,
        },
      ];
    case 'cargo':
      return [
        {
          id: 'cargo',
          title: 'Cargo',
          text: `cargo add ${name}@${version}${cargoRegistry ? ` --registry ${cargoRegistry}` : ''}`,
        },
      ];
    case 'ruby':
      return [
        { id: 'gem', title: 'gem', text: `gem install ${name} -v ${version}` },
        { id: 'bundler', title: 'Bundler (Gemfile)', text: `gem '${name}', '${version}'` },
      ];
    case 'nuget':
      return [{ id: 'dotnet', title: '.NET CLI', text: `dotnet add package ${name} --version ${version}` }];
    case 'swift':
      return [
        {
          id: 'swift',
          title: 'Package.swift',
          text: `.package(id: "${namespace ?? ''}.${name}", from: "${version}")`,
        },
      ];
    default:
      return [];
  }
}
