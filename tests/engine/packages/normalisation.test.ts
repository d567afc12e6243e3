// Names, namespaces and versions in each format's normalised form, in every lookup.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationException } from '../../../src/main/engine/errors';
import {
  normalisePackageName,
  normaliseVersion,
  packageCoordinates,
} from '../../../src/main/engine/packages/package-coordinates';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

describe('package name normalisation', () => {
  it('normalises PyPI names as PEP 503 does', () => {
    expect(normalisePackageName('pypi', 'Foo_Bar')).toBe('foo-bar');
    expect(normalisePackageName('pypi', 'pigeon.cli')).toBe('pigeon-cli');
    expect(normalisePackageName('pypi', 'a-_.-b')).toBe('a-b');
    expect(normalisePackageName('pypi', 'Django')).toBe('django');
  });

  it('lower-cases NuGet ids, Swift and Cargo names, and keeps npm, Maven, Ruby and generic names as given', () => {
    expect(normalisePackageName('nuget', 'Newtonsoft.JSON')).toBe('newtonsoft.json');
    expect(normalisePackageName('swift', 'MyPackage')).toBe('mypackage');
    expect(normalisePackageName('cargo', 'Serde_Json')).toBe('serde_json');
    for (const format of ['npm', 'maven', 'ruby', 'generic'] as const) {
      expect(normalisePackageName(format, 'MixedCase_Name')).toBe('MixedCase_Name');
    }
  });

  it('normalises NuGet versions as NuGet does and leaves other formats alone', () => {
    expect(normaliseVersion('nuget', '1.00')).toBe('1.0.0');
    expect(normaliseVersion('nuget', '1.01.1')).toBe('1.1.1');
    expect(normaliseVersion('nuget', '1.00.0.1')).toBe('1.0.0.1');
    expect(normaliseVersion('nuget', '1.0.0.0')).toBe('1.0.0');
    expect(normaliseVersion('nuget', '1.0.01.0')).toBe('1.0.1');
    expect(normaliseVersion('nuget', '1.0.7+r3456')).toBe('1.0.7');
    expect(normaliseVersion('nuget', '12.0.03.0')).toBe('12.0.3');
    expect(normaliseVersion('nuget', '2.1.0-Beta.2')).toBe('2.1.0-Beta.2');
    expect(normaliseVersion('npm', '1.0.7+r3456')).toBe('1.0.7+r3456');
  });

  it('takes the npm scope with or without its @, and lower-cases Swift scopes', () => {
    expect(packageCoordinates('npm', '@acme', 'ui')).toEqual({
      format: 'npm',
      namespace: 'acme',
      name: 'ui',
    });
    expect(packageCoordinates('npm', 'acme', 'ui')).toEqual({ format: 'npm', namespace: 'acme', name: 'ui' });
    expect(packageCoordinates('swift', 'MyScope', 'MyPackage')).toEqual({
      format: 'swift',
      namespace: 'myscope',
      name: 'mypackage',
    });
  });

  it('requires a namespace for Maven, Swift and generic, and refuses one for PyPI, NuGet, Ruby and Cargo', () => {
    for (const format of ['maven', 'swift', 'generic']) {
      expect(() => packageCoordinates(format, undefined, 'x'), format).toThrow(ValidationException);
    }
    for (const format of ['pypi', 'nuget', 'ruby', 'cargo']) {
      expect(() => packageCoordinates(format, 'ns', 'x'), format).toThrow(/no namespace/);
    }
    expect(packageCoordinates('npm', undefined, 'left-pad').namespace).toBe('');
    expect(() => packageCoordinates('rpm', undefined, 'x')).toThrow(/not a package format/);
  });
});

describe('normalised lookups', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs');
  });
  afterEach(async () => {
    await engine.close();
  });

  it('finds a PyPI package under any spelling PEP 503 treats as the same, and reports the normalised name', async () => {
    await publishFormat(engine, {
      repository: 'libs',
      format: 'pypi',
      package: 'Pigeon_CLI',
      version: '1.0',
      metadata: { displayName: 'Pigeon_CLI' },
    });
    for (const spelling of ['pigeon-cli', 'Pigeon.Cli', 'PIGEON__cli']) {
      const described = await engine.call('DescribePackageVersion', {
        domain,
        repository: 'libs',
        format: 'pypi',
        package: spelling,
        packageVersion: '1.0',
      });
      expect(described.packageVersion?.packageName).toBe('pigeon-cli');
      expect(described.packageVersion?.displayName).toBe('Pigeon_CLI');
    }
    const listed = await engine.call('ListPackages', { domain, repository: 'libs' });
    expect(listed.packages?.map((p) => p.package)).toEqual(['pigeon-cli']);
  });

  it('finds a NuGet package by any case of its id and any spelling of its version', async () => {
    await publishFormat(engine, {
      repository: 'libs',
      format: 'nuget',
      package: 'Newtonsoft.Json',
      version: '12.0.3',
    });
    const described = await engine.call('DescribePackageVersion', {
      domain,
      repository: 'libs',
      format: 'nuget',
      package: 'NEWTONSOFT.JSON',
      packageVersion: '12.0.03.0',
    });
    expect(described.packageVersion).toMatchObject({ packageName: 'newtonsoft.json', version: '12.0.3' });
  });

  it('refuses a namespace for a PyPI lookup', async () => {
    await expectServiceError(
      engine.call('DescribePackage', {
        domain,
        repository: 'libs',
        format: 'pypi',
        namespace: 'x',
        package: 'y',
      }),
      ValidationException,
      { message: /namespace/ },
    );
  });
});
