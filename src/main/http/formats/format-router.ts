/**
 * Routes `/{domain}-{owner}/{format}/{repository}/…` to the format's handler after checking the
 * authorization token, the domain and the repository. Unknown domains and repositories answer 404;
 * a missing, expired or foreign token answers 401 with the challenge the format's clients understand.
 */
import { requestUrl } from '../request-url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../../engine/context';
import { requestScope } from '../../engine/activity/activity-scope';
import { actingAs } from '../../engine/activity/recording-store';
import { findRepository } from '../../engine/lookups';
import { defaultUpstreamPolicy, type UpstreamPolicy } from '../../external/upstream-documents';
import type { RouteHandler } from '../server';
import { checkFormatToken } from './format-auth';
import { storageFullAnswer } from '../../engine/storage-full';
import { isServiceErrorLike, writeFormatError } from './format-errors';
import type { FormatHandlers } from './format-request';

const repositoryPath =
  /^\/([a-z][a-z0-9-]{0,48}[a-z0-9])-([0-9]{12})\/([a-z]+)\/([A-Za-z0-9][A-Za-z0-9._-]{1,99})(?:\/(.*))?$/;

export interface FormatRouterOptions {
  /** The upstream URL of an external connection (`public:npmjs` …), when there is one. */
  readonly externalUpstream?: (connection: string) => Promise<string | undefined>;
  /** Timeouts and TTL of external fetches, read per request (the Settings screen changes them). */
  readonly upstreamPolicy?: () => UpstreamPolicy;
}

export function createFormatRouter(
  ctx: EngineContext,
  formats: FormatHandlers,
  options: FormatRouterOptions = {},
): RouteHandler {
  const externalUpstream = async (connection: string): Promise<string | undefined> =>
    options.externalUpstream?.(connection);
  const upstreamPolicy = options.upstreamPolicy ?? (() => defaultUpstreamPolicy);
  return async (req: IncomingMessage, res: ServerResponse, actor: string): Promise<boolean> => {
    const url = requestUrl(req);
    const match = repositoryPath.exec(url.pathname);
    if (!match) return false;
    const [, domainName = '', owner = '', format = '', repositoryName = '', rest] = match;
    const handler = Object.hasOwn(formats, format) ? formats[format as PackageFormat] : undefined;
    if (!handler) return false;
    const target = { req, res };
    try {
      const auth = checkFormatToken(ctx, req, domainName, owner);
      if (!auth.ok) {
        const realm = `${domainName}-${owner}/${format}/${repositoryName}`;
        res.setHeader(
          'WWW-Authenticate',
          handler.challenge === 'Bearer' ? `Bearer realm="${realm}"` : `Basic realm="${realm}"`,
        );
        const message =
          auth.reason === 'missing'
            ? 'Authentication required: send an authorization token from GetAuthorizationToken (aws codeartifact login configures clients).'
            : auth.reason === 'invalid'
              ? 'The authorization token is invalid or has expired; get a new one with GetAuthorizationToken.'
              : `The authorization token was issued for another domain than '${domainName}'.`;
        writeFormatError(handler, target, 401, message);
        return true;
      }
      // The token's query read its domain: only the repository is looked up.
      const { domain } = auth;
      const repository = ctx.store.read((db) => findRepository(db, domain, repositoryName));
      if (!repository) {
        writeFormatError(
          handler,
          target,
          404,
          `Repository '${repositoryName}' of domain '${domainName}' does not exist.`,
        );
        return true;
      }
      const endpoint = `${ctx.config.endpointUrl()}/${domainName}-${owner}/${format}/${repositoryName}/`;
      await handler.handle({
        req,
        res,
        // The request's writes (publishes, upstream fetches kept) record its client as the actor.
        ctx: actingAs(ctx, requestScope(actor)),
        format: format as PackageFormat,
        domain,
        repository,
        endpoint,
        path: rest ?? '',
        query: url.searchParams,
        externalUpstream,
        upstreamPolicy: upstreamPolicy(),
      });
    } catch (caught) {
      const error = storageFullAnswer(caught) ?? caught;
      if (!isServiceErrorLike(error)) throw error;
      writeFormatError(handler, target, error.statusCode, error.message);
    }
    return true;
  };
}
