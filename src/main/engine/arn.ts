/**
 * CodeArtifact ARNs: building them for descriptions, and parsing the ones clients pass to the tagging
 * operations. Only the shapes this service issues are recognised; anything else is a clear error.
 */
import type { EngineConfig } from './context';
import { ValidationException } from './errors';

const service = 'codeartifact';

export function domainArn(config: EngineConfig, owner: string, domain: string): string {
  return `arn:aws:${service}:${config.region}:${owner}:domain/${domain}`;
}

export function repositoryArn(
  config: EngineConfig,
  owner: string,
  domain: string,
  repository: string,
): string {
  return `arn:aws:${service}:${config.region}:${owner}:repository/${domain}/${repository}`;
}

/** Package group patterns start with `/`, so the domain and the pattern are simply concatenated. */
export function packageGroupArn(
  config: EngineConfig,
  owner: string,
  domain: string,
  pattern: string,
): string {
  return `arn:aws:${service}:${config.region}:${owner}:package-group/${domain}${pattern}`;
}

interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export type CodeArtifactArn = ArnScope &
  (
    | { readonly resourceType: 'domain'; readonly domain: string }
    | { readonly resourceType: 'repository'; readonly domain: string; readonly repository: string }
    | { readonly resourceType: 'package-group'; readonly domain: string; readonly pattern: string }
    /** A well-formed ARN of another CodeArtifact resource type (a package, for example). */
    | { readonly resourceType: 'other'; readonly type: string; readonly resource: string }
  );

const namePart = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function malformed(arn: string, why: string): ValidationException {
  return new ValidationException(`Invalid resource ARN '${arn}': ${why}.`);
}

/** Parses `arn:{partition}:codeartifact:{region}:{account}:{type}/{rest}`; throws ValidationException. */
export function parseCodeArtifactArn(arn: string): CodeArtifactArn {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn')
    throw malformed(arn, 'expected arn:partition:service:region:account:resource');
  const [, partition = '', arnService = '', region = '', account = ''] = parts;
  // The resource part may itself contain ':' (package group patterns cannot, but be exact anyway).
  const resource = parts.slice(5).join(':');
  if (partition === '') throw malformed(arn, 'the partition is empty');
  if (arnService !== service) throw malformed(arn, `the service must be '${service}'`);
  if (region === '') throw malformed(arn, 'the region is empty');
  if (!/^[0-9]{12}$/.test(account)) throw malformed(arn, 'the account must be 12 digits');
  const slash = resource.indexOf('/');
  if (slash <= 0 || slash === resource.length - 1)
    throw malformed(arn, 'expected {resource-type}/{resource-id}');
  const type = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  const scope: ArnScope = { partition, region, account };
  switch (type) {
    case 'domain':
      if (!namePart.test(rest)) throw malformed(arn, 'the domain name is not valid');
      return { ...scope, resourceType: 'domain', domain: rest };
    case 'repository': {
      const pieces = rest.split('/');
      const [domain = '', repository = ''] = pieces;
      if (pieces.length !== 2 || !namePart.test(domain) || !namePart.test(repository)) {
        throw malformed(arn, 'expected repository/{domain}/{repository}');
      }
      return { ...scope, resourceType: 'repository', domain, repository };
    }
    case 'package-group': {
      const cut = rest.indexOf('/');
      const domain = cut < 0 ? rest : rest.slice(0, cut);
      if (cut <= 0 || !namePart.test(domain))
        throw malformed(arn, 'expected package-group/{domain}{pattern}');
      return { ...scope, resourceType: 'package-group', domain, pattern: rest.slice(cut) };
    }
    default:
      return { ...scope, resourceType: 'other', type, resource: rest };
  }
}
