/**
 * RubyGems' Marshal forms, which `gem install` reads: a specification as
 * `quick/Marshal.4.8/{gem}.gemspec.rz` (Gem::Specification's own `_dump` layout, deflated) and the
 * dependency API's list of versions. Encoded with a Ruby Marshal library; the field order is the one
 * Gem::Specification._load reads.
 */
import type * as Marshal from '@hyrious/marshal';
import type { RubyObject } from '@hyrious/marshal';
import { deflateSync, gzipSync } from 'node:zlib';
import { deferredModule } from '../../../deferred-require';
import { requirementText, type GemDependency, type GemSpec, type Requirement } from './gem-spec';

const marshal = deferredModule<typeof Marshal>('@hyrious/marshal');

function rubyObject(className: string, fill: (object: RubyObject) => void): RubyObject {
  const object = new (marshal().RubyObject)(Symbol.for(className));
  fill(object);
  return object;
}

function gemVersion(version: string): RubyObject {
  return rubyObject('Gem::Version', (object) => {
    object.userMarshal = [version];
  });
}

function gemRequirement(requirement: Requirement): RubyObject {
  return rubyObject('Gem::Requirement', (object) => {
    object.userMarshal = [requirement.map(([op, version]) => [op, gemVersion(version)])];
  });
}

function gemDependency(dependency: GemDependency): RubyObject {
  return rubyObject('Gem::Dependency', (object) => {
    const ivars = object as unknown as Record<symbol, unknown>;
    ivars[Symbol.for('@name')] = dependency.name;
    ivars[Symbol.for('@requirement')] = gemRequirement(dependency.requirement);
    ivars[Symbol.for('@type')] = Symbol.for(dependency.type);
    ivars[Symbol.for('@prerelease')] = false;
    ivars[Symbol.for('@version_requirements')] = gemRequirement(dependency.requirement);
  });
}

export function marshalledSpec(spec: GemSpec): Buffer {
  const fields = [
    spec.rubygemsVersion,
    spec.specificationVersion,
    spec.name,
    gemVersion(spec.version),
    spec.date,
    spec.summary,
    gemRequirement(spec.requiredRubyVersion),
    gemRequirement(spec.requiredRubygemsVersion),
    spec.platform,
    spec.dependencies.map(gemDependency),
    '',
    spec.email,
    spec.authors,
    spec.description ?? '',
    spec.homepage ?? '',
    true,
    spec.platform,
    spec.licenses,
    spec.metadata,
  ];
  const outer = rubyObject('Gem::Specification', (object) => {
    object.userDefined = marshal().dump(fields);
  });
  return deflateSync(marshal().dump(outer));
}

export interface DependencyRecord {
  readonly name: string;
  readonly number: string;
  readonly platform: string;
  readonly dependencies: [string, string][];
}

/** The dependency API's answer (`api/v1/dependencies?gems=…`): each version with its runtime dependencies. */
export function dependencyRecords(specs: readonly GemSpec[]): DependencyRecord[] {
  return specs.map((spec) => ({
    name: spec.name,
    number: spec.version,
    platform: spec.platform,
    dependencies: spec.dependencies
      .filter((dep) => dep.type === 'runtime')
      .map((dep) => [dep.name, requirementText(dep.requirement)]),
  }));
}

/** The dependency API's answer as Marshal data: a list of hashes with symbol keys. */
export function marshalledDependencies(records: readonly DependencyRecord[]): Buffer {
  return Buffer.from(
    marshal().dump(
      records.map((entry) => ({ ...entry })),
      { hashStringKeysToSymbol: true },
    ),
  );
}

/** One line of a specs index: a gem's name, version and platform. */
export interface SpecsEntry {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
}

/** A specs index (`specs.4.8.gz` and its kin): the gzipped Marshal list of `[name, Gem::Version, platform]`. */
export function marshalledSpecsIndex(entries: readonly SpecsEntry[]): Buffer {
  return gzipSync(
    marshal().dump(entries.map((entry) => [entry.name, gemVersion(entry.version), entry.platform])),
  );
}
