/**
 * Groups of request members that recur across operations: the domain (and its owner), the
 * repository, the package coordinates and the package version, all bound to the query string
 * under the wire names the API uses, plus the two pagination members.
 */
import {
  AccountId,
  DomainName,
  PackageFormat,
  PackageName,
  PackageNamespace,
  PackageVersion,
  PaginationToken,
  RepositoryName,
} from '../common-shapes';
import { inQuery, required, type NumberShape } from '../shape-dsl';

export const domainMembers = {
  domain: required(inQuery('domain', DomainName)),
  domainOwner: inQuery('domain-owner', AccountId),
};

export const repositoryMembers = {
  ...domainMembers,
  repository: required(inQuery('repository', RepositoryName)),
};

/** The package coordinates that follow the repository in every package operation. */
export const packageCoordinates = {
  format: required(inQuery('format', PackageFormat)),
  namespace: inQuery('namespace', PackageNamespace),
  package: required(inQuery('package', PackageName)),
};

export const packageMembers = { ...repositoryMembers, ...packageCoordinates };

export const packageVersionMembers = {
  ...packageMembers,
  packageVersion: required(inQuery('version', PackageVersion)),
};

/** `max-results` and `next-token` in the query string. */
export function queryPagination(maxResults: NumberShape) {
  return {
    maxResults: inQuery('max-results', maxResults),
    nextToken: inQuery('next-token', PaginationToken),
  };
}
