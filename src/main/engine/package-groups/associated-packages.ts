/**
 * GetAssociatedPackageGroup (the group a package belongs to, whether or not the package exists) and
 * ListAssociatedPackages (the packages of the domain's repositories that belong to a group).
 *
 * A package belongs to the most specific group matching it. The association is STRONG when the
 * package matches the group as written, and WEAK when it matches only once its name or namespace is
 * normalised (a PyPI `Foo_Bar` against `/pypi//foo-bar$`, a NuGet `Newtonsoft.Json` against
 * `/nuget//newtonsoft.json$`): the variation match the API reference describes. Stored packages are
 * always in normalised form, so every package ListAssociatedPackages returns is STRONG.
 */
import type {
  AssociatedPackage,
  GetAssociatedPackageGroupRequest,
  GetAssociatedPackageGroupResult,
  ListAssociatedPackagesRequest,
  ListAssociatedPackagesResult,
  PackageFormat,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { InternalServerException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import {
  namespaceOf,
  normaliseNamespace,
  packageCoordinates,
  type PackageCoordinates,
} from '../packages/package-coordinates';
import type { SqlValue } from '../../store/types';
import { packageGroupDescription } from './group-description';
import { parseGroupPattern, patternMatches, patternsMatching, type GroupPattern } from './group-pattern';
import { descendantsOf, findGroup, groupNotFound } from './group-records';
import { groupTarget } from './group-target';
import { associatedGroup } from './origin-restrictions';

export function getAssociatedPackageGroup(
  ctx: EngineContext,
  input: GetAssociatedPackageGroupRequest,
): GetAssociatedPackageGroupResult {
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const pkg = packageCoordinates(input.format, input.namespace, input.package);
  // As written, apart from the '@' npm users put before a scope, which is notation, not a variation.
  const literal: PackageCoordinates = {
    format: pkg.format,
    namespace:
      pkg.format === 'npm' ? normaliseNamespace('npm', input.namespace ?? '') : (input.namespace ?? ''),
    name: input.package ?? '',
  };
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, owner);
    const group = associatedGroup(db, domain, pkg);
    if (!group) {
      throw new InternalServerException(`Domain '${domain.name}' has no root package group.`);
    }
    return {
      packageGroup: packageGroupDescription(ctx, db, domain, group),
      associationType: patternMatches(parseGroupPattern(group.pattern), literal) ? 'STRONG' : 'WEAK',
    };
  });
}

/** SQL condition (over packages `p`) selecting the packages the pattern matches. */
function patternFilter(pattern: GroupPattern): { sql: string; params: SqlValue[] } {
  const startsWith = (column: string, prefix: string) => ({
    sql: `substr(${column}, 1, ?) = ?`,
    params: [[...prefix].length, prefix] as SqlValue[],
  });
  switch (pattern.kind) {
    case 'all':
      return { sql: '1', params: [] };
    case 'format':
      return { sql: 'p.format = ?', params: [pattern.format] };
    case 'namespace-prefix': {
      const namespace = startsWith('p.namespace', pattern.prefix);
      return { sql: `p.format = ? AND ${namespace.sql}`, params: [pattern.format, ...namespace.params] };
    }
    case 'namespace':
      return { sql: 'p.format = ? AND p.namespace = ?', params: [pattern.format, pattern.namespace] };
    case 'name-prefix': {
      const name = startsWith('p.name', pattern.prefix);
      return {
        sql: `p.format = ? AND p.namespace = ? AND ${name.sql}`,
        params: [pattern.format, pattern.namespace, ...name.params],
      };
    }
    case 'name':
      return {
        sql: 'p.format = ? AND p.namespace = ? AND p.name = ?',
        params: [pattern.format, pattern.namespace, pattern.name],
      };
  }
}

/** Packages are read in batches; a batch can be mostly packages of more specific groups. */
const scanBatch = 500;

export function listAssociatedPackages(
  ctx: EngineContext,
  input: ListAssociatedPackagesRequest,
): ListAssociatedPackagesResult {
  const listing = 'ListAssociatedPackages';
  const target = groupTarget(ctx, input);
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 3);
  return ctx.store.read((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    // With `preview` the group need not exist: the answer is what it would hold if it did.
    if (input.preview !== true && !findGroup(db, domain.id, target.text))
      throw groupNotFound(domain, target.text);
    // A matching package belongs to this group unless a more specific group, one this group
    // encloses, matches it too.
    const existing = new Set([
      target.text,
      ...descendantsOf(db, domain.id, target.pattern).map((row) => row.pattern),
    ]);
    const filter = patternFilter(target.pattern);
    let cursor: readonly SqlValue[] = after ? [...after] : ['', '', ''];
    const found: { format: PackageFormat; namespace: string; name: string }[] = [];
    for (;;) {
      const rows = db.all<{ format: PackageFormat; namespace: string; name: string }>(
        `SELECT p.format, p.namespace, p.name
         FROM packages p JOIN repositories r ON r.id = p.repository_id
         WHERE r.domain_id = ? AND ${filter.sql} AND (p.format, p.namespace, p.name) > (?, ?, ?)
         GROUP BY p.format, p.namespace, p.name
         ORDER BY p.format, p.namespace, p.name LIMIT ?`,
        [domain.id, ...filter.params, ...cursor, scanBatch],
      );
      for (const row of rows) {
        if (patternsMatching(row).find((candidate) => existing.has(candidate)) === target.text)
          found.push(row);
      }
      const last = rows[rows.length - 1];
      if (found.length > size || rows.length < scanBatch || !last) break;
      cursor = [last.format, last.namespace, last.name];
    }
    const page = toPage(
      listing,
      found,
      size,
      (row) => [row.format, row.namespace, row.name],
      (row): AssociatedPackage => ({
        format: row.format,
        namespace: namespaceOf(row),
        package: row.name,
        associationType: 'STRONG',
      }),
    );
    return { packages: page.items, nextToken: page.nextToken };
  });
}
