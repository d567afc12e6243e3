/**
 * The simple repository API pages: PEP 503 HTML and PEP 691 JSON, chosen by the Accept header the
 * way PyPI does (quality values honoured; no Accept or `*\/*` means HTML; nothing acceptable is 406).
 */

export type SimpleContentType =
  'application/vnd.pypi.simple.v1+json' | 'application/vnd.pypi.simple.v1+html' | 'text/html';

const offered: readonly SimpleContentType[] = [
  'application/vnd.pypi.simple.v1+json',
  'application/vnd.pypi.simple.v1+html',
  'text/html',
];

/** The representation to answer with, or undefined when the client accepts none of them. */
export function negotiateSimple(accept: string | undefined): SimpleContentType | undefined {
  if (!accept || accept.trim() === '') return 'text/html';
  let best: { type: SimpleContentType; q: number; order: number } | undefined;
  accept.split(',').forEach((entry, order) => {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number.parseFloat(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) return;
    const matches = offered.filter(
      (type) =>
        range === type || range === '*/*' || (range.endsWith('/*') && type.startsWith(range.slice(0, -1))),
    );
    // A wildcard stands for our default (HTML), an explicit type for itself.
    const type = matches.includes('text/html') && range.includes('*') ? 'text/html' : matches[0];
    if (type === undefined) return;
    if (!best || q > best.q) best = { type, q, order };
  });
  return best?.type;
}

export interface SimpleFile {
  readonly filename: string;
  /** Where the client downloads it (path-absolute, so credentials for this host apply). */
  readonly url: string;
  readonly sha256?: string;
  readonly requiresPython?: string;
  readonly size?: number;
  readonly uploadTime?: Date;
  /** The SHA-256 of the file's core metadata file (`<url>.metadata`, PEP 658), when it has one. */
  readonly metadataSha256?: string;
}

export interface SimpleProject {
  readonly name: string;
  readonly files: readonly SimpleFile[];
  readonly versions: readonly string[];
}

export function escapeHtml(text: string): string {
  // Most names, links and digests hold nothing to escape: a long page is spared five replaces each.
  if (!/[&<>"']/.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const meta = { 'api-version': '1.1' };

export function renderProjectPage(project: SimpleProject, type: SimpleContentType): string {
  if (type === 'application/vnd.pypi.simple.v1+json') {
    return JSON.stringify({
      meta,
      name: project.name,
      versions: project.versions,
      files: project.files.map((file) => ({
        filename: file.filename,
        url: file.url,
        hashes: file.sha256 ? { sha256: file.sha256 } : {},
        ...(file.requiresPython ? { 'requires-python': file.requiresPython } : {}),
        ...(file.size !== undefined ? { size: file.size } : {}),
        ...(file.uploadTime ? { 'upload-time': file.uploadTime.toISOString() } : {}),
        // PEP 714's name, and PEP 658's for clients from before it.
        ...(file.metadataSha256
          ? {
              'core-metadata': { sha256: file.metadataSha256 },
              'dist-info-metadata': { sha256: file.metadataSha256 },
            }
          : {}),
        yanked: false,
      })),
    });
  }
  const links = project.files.map((file) => {
    const href = file.sha256 ? `${file.url}#sha256=${file.sha256}` : file.url;
    const requires = file.requiresPython ? ` data-requires-python="${escapeHtml(file.requiresPython)}"` : '';
    const metadata = file.metadataSha256
      ? ` data-dist-info-metadata="sha256=${file.metadataSha256}" data-core-metadata="sha256=${file.metadataSha256}"`
      : '';
    return `    <a href="${escapeHtml(href)}"${requires}${metadata}>${escapeHtml(file.filename)}</a><br/>`;
  });
  const title = `Links for ${escapeHtml(project.name)}`;
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    '    <meta name="pypi:repository-version" content="1.1">',
    `    <title>${title}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>${title}</h1>`,
    ...links,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}

/** The root index: one link per project, to its normalised page. */
export function renderRootPage(
  projects: readonly { name: string; url: string }[],
  type: SimpleContentType,
): string {
  if (type === 'application/vnd.pypi.simple.v1+json') {
    return JSON.stringify({ meta, projects: projects.map((project) => ({ name: project.name })) });
  }
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    '    <meta name="pypi:repository-version" content="1.1">',
    '    <title>Simple index</title>',
    '  </head>',
    '  <body>',
    ...projects.map(
      (project) => `    <a href="${escapeHtml(project.url)}">${escapeHtml(project.name)}</a><br/>`,
    ),
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}
