/**
 * The legacy upload API twine and `python -m build`-era tools use: a multipart POST to the repository
 * endpoint with `:action=file_upload`, the distribution in the `content` field and its core metadata
 * as the other fields. The file streams into the blob store; its SHA-256 (and MD5, when sent) must
 * match the digests in the form; the project name is normalised and must match the file's name.
 */
import type { Readable } from 'node:stream';
import { publishFormatVersion, storeAssetBlob } from '../../../engine';
import type { StoredBlob } from '../../../engine/assets/asset-blobs';
import { ValidationException } from '../../../engine/errors';
import type { FormatRequest } from '../format-request';
import { readMultipart } from './multipart-stream';
import { distributionKind, isPlainFileName, normalisePypiName, versionFromFilename } from './pypi-names';
import { firstField, metadataFromFields, type FormFields } from './upload-metadata';
import { coreMetadataFile, parseCoreMetadata, withFileMetadata, withMetadataFact } from './core-metadata';
import { blobSource } from '../../../archives';

/**
 * Up to this size the file's bytes are also kept in memory as they pass to the blob store, and its
 * core metadata is read from them; a bigger file's metadata is read back from the stored blob.
 */
const keptFileBytes = 8 * 1024 * 1024;

/** `body`'s bytes as they pass; `kept()` is all of them, or undefined once they passed `limit`. */
function keepWhilePassing(
  body: Readable,
  limit: number,
): { source: AsyncIterable<Uint8Array>; kept: () => Buffer | undefined } {
  let chunks: Buffer[] | undefined = [];
  let size = 0;
  async function* passing(): AsyncGenerator<Uint8Array> {
    // Not destroyed when the store stops reading part-way: the multipart reader drains the part.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (chunks && size <= limit) chunks.push(chunk);
      else chunks = undefined;
      yield chunk;
    }
  }
  return { source: passing(), kept: () => chunks && Buffer.concat(chunks, size) };
}

/** A description can be long; everything else in the form is small. */
const maxFieldBytes = 8 * 1024 * 1024;
const maxFields = 2_000;

/** A file whose own metadata names another project or version is not this upload's file. */
function checkFileMetadata(
  fileFields: FormFields | undefined,
  filename: string,
  project: string,
  version: string,
): void {
  const fileName = fileFields && firstField(fileFields, 'name');
  const fileVersion = fileFields && firstField(fileFields, 'version');
  if (fileName && normalisePypiName(fileName) !== project)
    throw new ValidationException(
      `The metadata in '${filename}' names project '${fileName}', not '${project}'.`,
    );
  if (fileVersion && normalisePypiName(fileVersion) !== normalisePypiName(version))
    throw new ValidationException(`The metadata in '${filename}' is version ${fileVersion}, not ${version}.`);
}

export async function handleUpload(request: FormatRequest): Promise<void> {
  const { req, res, ctx } = request;
  const fields = new Map<string, string[]>();
  let file: { filename: string; blob: StoredBlob; bytes: Buffer | undefined } | undefined;
  let receiving = false;
  try {
    await readMultipart(
      req,
      req.headers['content-type'],
      {
        field(name, value) {
          const values = fields.get(name) ?? [];
          values.push(value);
          fields.set(name, values);
        },
        async file(name, filename, body) {
          if (name !== 'content') {
            body.resume();
            return;
          }
          if (file || receiving) throw new ValidationException('The upload carries more than one file.');
          if (!isPlainFileName(filename))
            throw new ValidationException(`'${filename}' is not a valid file name.`);
          receiving = true;
          const passing = keepWhilePassing(body, keptFileBytes);
          const blob = await storeAssetBlob(ctx, request.domain.name, passing.source);
          file = { filename, blob, bytes: passing.kept() };
        },
      },
      { maxFieldBytes, maxParts: maxFields },
    );
    if (!file) throw new ValidationException("The upload has no file in its 'content' field.");
    const uploaded = file;
    const action = firstField(fields, ':action');
    if (action !== 'file_upload') {
      throw new ValidationException(`Unsupported :action '${action ?? ''}'; only file_upload is supported.`);
    }
    const givenName = firstField(fields, 'name');
    const version = firstField(fields, 'version');
    if (!givenName || !version)
      throw new ValidationException("The upload must give the project 'name' and 'version'.");
    if (!/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(givenName))
      throw new ValidationException(`'${givenName}' is not a valid project name.`);
    if (!/^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/.test(version))
      throw new ValidationException(`'${version}' is not a valid version.`);
    const project = normalisePypiName(givenName);
    if (!distributionKind(uploaded.filename))
      throw new ValidationException(
        `'${uploaded.filename}' is not a wheel or source distribution file name.`,
      );
    const fileVersion = versionFromFilename(project, uploaded.filename);
    if (fileVersion === undefined)
      throw new ValidationException(
        `The file '${uploaded.filename}' does not belong to project '${givenName}'.`,
      );
    if (normalisePypiName(fileVersion) !== normalisePypiName(version))
      throw new ValidationException(
        `The file '${uploaded.filename}' is not version ${version} of '${givenName}'.`,
      );
    const sha256 = firstField(fields, 'sha256_digest')?.toLowerCase();
    const md5 = firstField(fields, 'md5_digest')?.toLowerCase();
    if (!sha256 && !md5) throw new ValidationException('The upload must give sha256_digest (or md5_digest).');
    if (sha256 && sha256 !== uploaded.blob.hashes.sha256)
      throw new ValidationException(
        `The sha256_digest does not match the uploaded file '${uploaded.filename}'.`,
      );
    if (md5 && md5 !== uploaded.blob.hashes.md5)
      throw new ValidationException(
        `The md5_digest does not match the uploaded file '${uploaded.filename}'.`,
      );
    const metadataFile = await coreMetadataFile(
      uploaded.bytes ??
        blobSource(
          ctx.store.blobs,
          uploaded.blob.domain,
          uploaded.blob.hashes.sha256,
          uploaded.blob.hashes.size,
        ),
      uploaded.filename,
    );
    const fileFields = metadataFile && parseCoreMetadata(metadataFile.toString('utf8'));
    checkFileMetadata(fileFields, uploaded.filename, project, version);
    file = undefined;
    await publishFormatVersion(ctx, {
      domain: request.domain.name,
      domainOwner: request.domain.owner,
      repository: request.repository.name,
      format: 'pypi',
      package: givenName,
      version,
      assets: [
        { name: uploaded.filename, blob: withMetadataFact(uploaded.blob, uploaded.filename, metadataFile) },
      ],
      metadata: metadataFromFields(withFileMetadata(fields, fileFields)),
    });
  } finally {
    // A blob never handed to the publish (a refused upload) is released here and so removed.
    await file?.blob.release();
  }
  const body = Buffer.from('OK\n', 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}
