/**
 * Reading a project page of an upstream simple index (the `public:pypi` external connection): PEP 691
 * JSON when the upstream offers it, else PEP 503 HTML, kept whole in the store (see
 * upstream-documents). File URLs are resolved against the page.
 */
import type * as HtmlParser2 from 'htmlparser2';
import { deferredModule } from '../../../deferred-require';
import { UpstreamResponseError } from '../../../external/fetch-upstream';
import {
  upstreamDocument,
  type DocumentUser,
  type UpstreamPolicy,
} from '../../../external/upstream-documents';
import type { Store } from '../../../store/types';
import { versionFromFilename } from './pypi-names';

const htmlparser2 = deferredModule<typeof HtmlParser2>('htmlparser2');

export interface UpstreamFile {
  readonly filename: string;
  readonly url: string;
  readonly version: string;
  readonly sha256?: string;
  readonly requiresPython?: string;
  /** The SHA-256 of the file's core metadata file, when the upstream offers one (PEP 658). */
  readonly metadataSha256?: string;
}

/** The SHA-256 in a PEP 658 announcement: `sha256=<hex>` in HTML, `{ "sha256": "<hex>" }` in JSON. */
function announcedSha256(value: unknown): string | undefined {
  const hex =
    typeof value === 'string'
      ? /^sha256=([0-9a-f]{64})$/i.exec(value.trim())?.[1]
      : typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)['sha256']
        : undefined;
  return typeof hex === 'string' && /^[0-9a-f]{64}$/i.test(hex) ? hex.toLowerCase() : undefined;
}

const maxPageBytes = 32 * 1024 * 1024;

function fileEntry(
  project: string,
  base: string,
  href: string,
  filename: string,
  requiresPython?: string,
  metadataSha256?: string,
): UpstreamFile | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const sha256 = /(?:^|&)sha256=([0-9a-f]{64})(?:&|$)/i.exec(url.hash.slice(1))?.[1]?.toLowerCase();
  url.hash = '';
  const version = versionFromFilename(project, filename);
  if (!version || /[/\\]/.test(filename)) return undefined;
  return {
    filename,
    url: url.toString(),
    version,
    sha256,
    requiresPython: requiresPython || undefined,
    metadataSha256,
  };
}

/**
 * The file links of a PEP 503 page. Parsed with htmlparser2 (tolerant of unclosed and misnested
 * tags, decodes entities in attributes and text, never builds a tree): every `<a>` with an `href`,
 * its text the file name (else the link's last path segment); `data-yanked` links are left out.
 */
export function parseHtmlPage(project: string, base: string, html: string): UpstreamFile[] {
  const files: UpstreamFile[] = [];
  let link: { href: string; requiresPython?: string; metadataSha256?: string; text: string } | undefined;
  const finish = (): void => {
    if (!link) return;
    const { href, requiresPython, metadataSha256, text } = link;
    link = undefined;
    let fallback: string;
    try {
      fallback = decodeURIComponent(href.split('#')[0]?.split('/').pop() ?? '');
    } catch {
      fallback = '';
    }
    const entry = fileEntry(project, base, href, text.trim() || fallback, requiresPython, metadataSha256);
    if (entry) files.push(entry);
  };
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attributes) {
        if (name !== 'a') return;
        finish();
        if (attributes.href === undefined || attributes['data-yanked'] !== undefined) return;
        link = {
          href: attributes.href,
          requiresPython: attributes['data-requires-python'],
          metadataSha256: announcedSha256(
            attributes['data-core-metadata'] ?? attributes['data-dist-info-metadata'],
          ),
          text: '',
        };
      },
      ontext(text) {
        if (link) link.text += text;
      },
      onclosetag(name) {
        if (name === 'a') finish();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  finish();
  return files;
}

export function parseJsonPage(project: string, base: string, text: string): UpstreamFile[] {
  const page = JSON.parse(text) as { files?: unknown };
  if (!Array.isArray(page.files))
    throw new UpstreamResponseError('The upstream JSON page has no files list.', 502);
  const files: UpstreamFile[] = [];
  for (const item of page.files as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { filename, url, hashes, yanked } = item;
    if (typeof filename !== 'string' || typeof url !== 'string') continue;
    if (yanked !== undefined && yanked !== false) continue;
    const sha = (hashes as Record<string, unknown> | undefined)?.['sha256'];
    const requires = item['requires-python'];
    const entry = fileEntry(
      project,
      base,
      typeof sha === 'string' ? `${url.split('#')[0]}#sha256=${sha}` : url,
      filename,
      typeof requires === 'string' ? requires : undefined,
      announcedSha256(item['core-metadata'] ?? item['dist-info-metadata']),
    );
    if (entry) files.push(entry);
  }
  return files;
}

/**
 * The files of `project` (normalised) on the upstream index at `indexUrl` (ending in `/`), or an
 * empty list when the upstream does not know the project. The page is kept whole in the store and
 * revalidated after the TTL; offline, the stored page is read. Without a stored page, network
 * failures reject with UpstreamUnreachableError and bad answers with UpstreamResponseError.
 */
export async function fetchUpstreamProject(
  store: Store,
  user: DocumentUser,
  policy: UpstreamPolicy,
  indexUrl: string,
  project: string,
): Promise<UpstreamFile[]> {
  const pageUrl = new URL(`${encodeURIComponent(project)}/`, indexUrl).toString();
  const page = await upstreamDocument(store, pageUrl, {
    user,
    headers: {
      Accept:
        'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1',
    },
    policy,
    maxBytes: maxPageBytes,
  });
  if (page.status === 404) return [];
  try {
    return page.contentType.includes('json')
      ? parseJsonPage(project, page.url, page.body)
      : parseHtmlPage(project, page.url, page.body);
  } catch (error) {
    if (error instanceof UpstreamResponseError) throw error;
    throw new UpstreamResponseError(
      `The upstream page ${pageUrl} cannot be read: ${(error as Error).message}`,
      502,
    );
  }
}

/** A file of the project as the upstream page lists it. */
export async function upstreamFile(
  store: Store,
  user: DocumentUser,
  policy: UpstreamPolicy,
  indexUrl: string,
  project: string,
  filename: string,
): Promise<UpstreamFile | undefined> {
  const files = await fetchUpstreamProject(store, user, policy, indexUrl, project);
  return files.find((file) => file.filename === filename);
}
