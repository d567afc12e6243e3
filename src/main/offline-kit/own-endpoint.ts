/**
 * The kit asks the repository's own package endpoint for each artifact, as the format's client
 * would: that request path is where upstream resolution, external fetching, retention in the
 * repositories between and every origin control happen, so a kit stores exactly what an online
 * install would have stored. The token is minted through the engine (GetAuthorizationToken).
 */
import { createHash } from 'node:crypto';
import type { OfflineKitReport } from '../../shared/offline-kit';
import type { Invoke } from '../engine/invoke';

export interface EndpointFile {
  readonly status: number;
  readonly sha512: string;
  readonly sha256: string;
  readonly sha1: string;
  readonly size: number;
  /** The body as text when `keepText` was asked for (metadata: POMs, index pages). */
  readonly text?: string;
  /** The error message a refusal carried. */
  readonly message?: string;
}

export interface OwnEndpoint {
  /** The repository's endpoint URL for the format, ending in `/`. */
  readonly url: string;
  /** Downloads `path` (relative to the endpoint) and digests it. */
  get(path: string, options?: { keepText?: boolean; accept?: string }): Promise<EndpointFile>;
}

const maxTextBytes = 16 * 1024 * 1024;

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown; errors?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.message === 'string') return parsed.message;
    // Cargo's registry API: {"errors": [{"detail": …}]}
    const [first] = Array.isArray(parsed.errors) ? (parsed.errors as { detail?: unknown }[]) : [];
    if (typeof first?.detail === 'string') return first.detail;
  } catch {
    // not JSON: the text itself
  }
  return text.trim().slice(0, 500);
}

export async function openOwnEndpoint(
  invoke: Invoke,
  target: { domain: string; domainOwner?: string; repository: string; format: OfflineKitReport['format'] },
): Promise<OwnEndpoint> {
  const owner = target.domainOwner !== undefined ? { domainOwner: target.domainOwner } : {};
  const { repositoryEndpoint } = await invoke('GetRepositoryEndpoint', {
    domain: target.domain,
    ...owner,
    repository: target.repository,
    format: target.format,
  });
  const { authorizationToken } = await invoke('GetAuthorizationToken', { domain: target.domain, ...owner });
  const url = repositoryEndpoint?.endsWith('/') ? repositoryEndpoint : `${repositoryEndpoint ?? ''}/`;
  const authorization =
    target.format === 'npm' || target.format === 'cargo'
      ? `Bearer ${authorizationToken ?? ''}`
      : `Basic ${Buffer.from(`aws:${authorizationToken ?? ''}`).toString('base64')}`;
  return {
    url,
    async get(path, options = {}) {
      const response = await fetch(new URL(path, url), {
        headers: { Authorization: authorization, ...(options.accept ? { Accept: options.accept } : {}) },
      });
      const digests = {
        sha512: createHash('sha512'),
        sha256: createHash('sha256'),
        sha1: createHash('sha1'),
      };
      const chunks: Buffer[] = [];
      let size = 0;
      const keep = options.keepText === true || !response.ok;
      if (response.body) {
        for await (const chunk of response.body) {
          const bytes = Buffer.from(chunk);
          size += bytes.length;
          for (const digest of Object.values(digests)) digest.update(bytes);
          if (keep && size <= maxTextBytes) chunks.push(bytes);
        }
      }
      const text = keep ? Buffer.concat(chunks).toString('utf8') : undefined;
      return {
        status: response.status,
        sha512: digests.sha512.digest('hex'),
        sha256: digests.sha256.digest('hex'),
        sha1: digests.sha1.digest('hex'),
        size,
        ...(options.keepText && response.ok && text !== undefined ? { text } : {}),
        ...(!response.ok && text !== undefined ? { message: messageOf(text) } : {}),
      };
    },
  };
}
