/**
 * Who a request acts as, for the activity timeline: the CodeArtifact API (SigV4-signed `/v1/…`),
 * the web console (`/console/…`), or the client of a format endpoint (`/{domain}-{owner}/npm/…` is
 * the npm client, and so on). Read from the path only; nothing of the request is trusted further.
 */
import { isApiPath } from './api/rest-json-handler';

const formatPath = /^\/[^/?]+-\d{12}\/([a-z]+)\//;

export function requestActor(url: string): string {
  if (isApiPath(url)) return 'CodeArtifact API';
  if (url === '/console' || url.startsWith('/console/') || url.startsWith('/console?')) return 'web console';
  const format = formatPath.exec(url)?.[1];
  return format ? `${format} client` : 'HTTP';
}
