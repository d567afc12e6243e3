/**
 * Core metadata files (PEP 658, named as PEP 714 has it): a wheel's `*.dist-info/METADATA` served
 * on its own at `<file URL>.metadata`, so a resolver reads a version's dependencies without
 * downloading the wheel. The simple pages announce it with its SHA-256 (`data-core-metadata` and
 * the older `data-dist-info-metadata` in HTML, `core-metadata` and `dist-info-metadata` in JSON),
 * only for files that have one.
 *
 * When a wheel arrives (an upload, or a file fetched through an external connection) its METADATA
 * is already read for the version's metadata; its SHA-256 is recorded with the wheel (blob_facts),
 * and the bytes are read again from the stored wheel when a client asks (a read of the zip's
 * central directory and one entry). A wheel not stored yet is announced with the hash its upstream
 * gives, and its metadata file comes from the upstream, checked against that hash.
 */
import { createHash } from 'node:crypto';
import { blobSource } from '../../../archives';
import { resolvePackageVersion } from '../../../engine';
import { downloadableStatuses } from '../../../engine/assets/get-package-version-asset';
import { UpstreamResponseError } from '../../../external/fetch-upstream';
import { fetchUpstreamFile } from '../../../external/upstream-documents';
import type { FormatRequest } from '../format-request';
import { answeredNotModified, immutableFile, sendWhole } from '../http-caching';
import { blobFact } from '../version-facts';
import {
  coreMetadataFact,
  coreMetadataFile,
  hasMetadataFile,
  maxMetadataBytes,
  metadataSuffix,
} from './core-metadata';
import { HttpProblem } from './http-problem';
import { withExternalFile } from './external-file';
import { packageRequest } from './project-files';

const contentType = 'text/plain; charset=utf-8';

/** The metadata file of a wheel not stored yet, from the upstream that offers it; false when none does. */
function sendFromUpstream(
  request: FormatRequest,
  project: string,
  version: string,
  filename: string,
): Promise<boolean> {
  const what = `The metadata file of '${filename}' of ${project} ${version}`;
  return withExternalFile(request, { project, version, filename }, what, async (file) => {
    const expected = file.metadataSha256;
    if (!expected) return false;
    const cacheable = immutableFile(expected);
    if (answeredNotModified(request.req, request.res, cacheable)) return true;
    const response = await fetchUpstreamFile(`${file.url}${metadataSuffix}`, request.upstreamPolicy, {
      idleTimeoutMs: 30_000,
    });
    if (response.status !== 200) {
      response.body.resume();
      return false;
    }
    const bytes = await response.bytes(maxMetadataBytes);
    if (createHash('sha256').update(bytes).digest('hex') !== expected)
      throw new UpstreamResponseError(
        `The metadata file of '${filename}' does not match the SHA-256 its index gives.`,
        502,
      );
    sendWhole(request.req, request.res, 200, contentType, bytes, { cacheable });
    return true;
  });
}

/**
 * Answers `files/{project}/{version}/{wheel}.metadata`: the wheel's METADATA as its archive holds
 * it, under the same rules as the wheel itself (the version the repository resolves must be
 * Published or Unlisted), immutable like the wheel; 404 for a file that has none.
 */
export async function handleMetadataFile(
  request: FormatRequest,
  project: string,
  version: string,
  filename: string,
): Promise<void> {
  const { ctx, req, res } = request;
  const missing = `File '${filename}${metadataSuffix}' of ${project} ${version} does not exist.`;
  if (!hasMetadataFile(filename)) throw new HttpProblem(404, missing);
  const resolved = resolvePackageVersion(ctx, { ...packageRequest(request, project), version });
  if (resolved && !downloadableStatuses.has(resolved.status))
    throw new HttpProblem(
      404,
      `${project} ${version} is ${resolved.status}; its files cannot be downloaded.`,
    );
  const asset = resolved?.assets.find((candidate) => candidate.name === filename);
  if (!asset) {
    // As for the wheel itself: a version known here (not fetched from outside) is never looked up there.
    const fromOutside = !resolved || resolved.origin.originType === 'EXTERNAL';
    if (fromOutside && (await sendFromUpstream(request, project, version, filename))) return;
    throw new HttpProblem(404, missing);
  }
  const sha256 = blobFact(ctx, request.domain.name, asset.sha256, coreMetadataFact);
  if (sha256 === undefined) throw new HttpProblem(404, `'${filename}' has no core metadata file here.`);
  const cacheable = immutableFile(sha256, asset.storedTime);
  if (answeredNotModified(req, res, cacheable)) return;
  const bytes = await coreMetadataFile(
    blobSource(ctx.store.blobs, request.domain.name, asset.sha256, asset.size),
    filename,
  );
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== sha256)
    throw new Error(
      `The METADATA read from the stored '${filename}' does not match the SHA-256 recorded with it.`,
    );
  sendWhole(req, res, 200, contentType, bytes, { cacheable });
}
