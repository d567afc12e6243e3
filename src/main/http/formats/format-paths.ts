/** Small pieces every format endpoint needs: decoding a path segment and naming a package of the request's repository. */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { FormatProblem } from './format-errors';
import type { FormatRequest } from './format-request';

/** A percent-decoded path segment; a malformed escape is a 400. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new FormatProblem(400, `'${segment}' is not a valid path segment.`);
  }
}

/** A package (without namespace) of the repository the request addresses, as engine calls take it. */
export function repositoryPackage<F extends PackageFormat>(
  request: Pick<FormatRequest, 'domain' | 'repository'>,
  format: F,
  name: string,
) {
  return {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format,
    package: name,
  };
}
