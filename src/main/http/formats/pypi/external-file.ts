/**
 * A file of a project as the first external connection of the repository's search order lists it:
 * the one walk that both a download of a file not stored yet and its metadata file take, with one
 * wording for an upstream that cannot give it (404 when unreachable, 502 when it answered badly).
 */
import {
  externalIngestTargets,
  type ExternalIngestTarget,
} from '../../../engine/external/external-ingest-target';
import { UpstreamUnreachableError } from '../../../external/fetch-upstream';
import { notCachedMessage } from '../../../external/not-cached';
import { documentUser } from '../external-document-user';
import type { FormatRequest } from '../format-request';
import { HttpProblem } from './http-problem';
import { packageRequest } from './project-files';
import { upstreamFile, type UpstreamFile } from './upstream-index';

/**
 * Calls `use` with `filename` of `project` `version` as the upstream lists it, and the connection's
 * target; false when no connection applies or the upstream does not list that file of that version.
 * `what` names the thing asked for in the message of an upstream failure.
 */
export async function withExternalFile(
  request: FormatRequest,
  coordinates: { readonly project: string; readonly version: string; readonly filename: string },
  what: string,
  use: (file: UpstreamFile, target: ExternalIngestTarget) => Promise<boolean>,
): Promise<boolean> {
  const { ctx } = request;
  const { project, version, filename } = coordinates;
  for (const target of externalIngestTargets(ctx, packageRequest(request, project))) {
    const indexUrl = await request.externalUpstream(target.connection);
    if (!indexUrl) continue;
    try {
      const file = await upstreamFile(
        ctx.store,
        documentUser(request, target),
        request.upstreamPolicy,
        indexUrl,
        project,
        filename,
      );
      if (!file || file.version !== version) return false;
      return await use(file, target);
    } catch (error) {
      const message = notCachedMessage(what, indexUrl, error);
      if (message === undefined) throw error;
      throw new HttpProblem(error instanceof UpstreamUnreachableError ? 404 : 502, message);
    }
  }
  return false;
}
