/**
 * The external connection a format handler reads an upstream document for: the repository of the
 * search order that holds the connection, in the request's domain. The document is kept while that
 * connection exists.
 */
import type { ExternalIngestTarget } from '../../engine/external/external-ingest-target';
import type { DocumentUser } from '../../external/upstream-documents';
import type { FormatRequest } from './format-request';

export function documentUser(
  request: FormatRequest,
  target: Pick<ExternalIngestTarget, 'repository' | 'connection'>,
): DocumentUser {
  return {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: target.repository,
    connection: target.connection,
  };
}
