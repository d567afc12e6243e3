/**
 * GetRepositoryEndpoint. CodeArtifact answers a per-domain host name; locally every domain shares the
 * service's loopback address, so the domain and owner move into the path:
 * `{endpoint}/{domain}-{owner}/{format}/{repository}/`. Both endpoint types (ipv4, dualstack) get the
 * same URL, since the loopback address is the only one this service is reached on.
 */
import type {
  GetRepositoryEndpointRequest,
  GetRepositoryEndpointResult,
  PackageFormat,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';

const packageFormats: readonly PackageFormat[] = [
  'npm',
  'pypi',
  'maven',
  'nuget',
  'generic',
  'ruby',
  'swift',
  'cargo',
];
const endpointTypes: readonly string[] = ['ipv4', 'dualstack'];

export function getRepositoryEndpoint(
  ctx: EngineContext,
  input: GetRepositoryEndpointRequest,
): GetRepositoryEndpointResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const format = requireMember(input.format, 'format');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  if (!packageFormats.includes(format)) {
    throw new ValidationException(`format must be one of ${packageFormats.join(', ')}; got '${format}'.`);
  }
  if (input.endpointType !== undefined && !endpointTypes.includes(input.endpointType)) {
    throw new ValidationException(`endpointType must be one of ${endpointTypes.join(', ')}.`);
  }
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, owner);
    const repository = requireRepository(db, domain, name);
    const path = [`${domain.name}-${domain.owner}`, format, repository.name]
      .map(encodeURIComponent)
      .join('/');
    return { repositoryEndpoint: `${ctx.config.endpointUrl()}/${path}/` };
  });
}
