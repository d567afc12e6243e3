/**
 * `cargo publish` (PUT `api/v1/crates/new`): a body of the metadata JSON and the `.crate` file, each
 * after its length as a 32-bit little-endian number. The crate must be a gzip stream of the declared
 * length; its SHA-256 becomes the index entry's `cksum`. Nothing is stored unless everything checks.
 */
import { Readable } from 'node:stream';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { publishFormatVersion, storeAssetBlob } from '../../../engine';
import { readBody } from '../../read-body';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { cargoIndexFact, indexEntryOf, parsePublishMetadata, versionMetadataOf } from './cargo-manifest';
import { crateFileName } from './cargo-names';

/** The largest publish body taken (metadata and crate together). */
export const maxPublishBytes = 64 * 1024 * 1024;
/** A crate that unpacks to more than this is refused (a decompression bomb, not source code). */
const maxUnpackedBytes = 512 * 1024 * 1024;
const maxMetadataBytes = 8 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

function bad(message: string): FormatProblem {
  return new FormatProblem(400, message);
}

/** Splits the publish body into its metadata JSON and crate bytes. */
export function splitPublishBody(body: Buffer): { json: Buffer; crate: Buffer } {
  if (body.length < 4) throw bad('The publish body is empty; expected the metadata length.');
  const jsonLength = body.readUInt32LE(0);
  if (jsonLength > maxMetadataBytes || 4 + jsonLength + 4 > body.length)
    throw bad('The publish body is truncated: the metadata is shorter than its declared length.');
  const json = body.subarray(4, 4 + jsonLength);
  const crateStart = 4 + jsonLength + 4;
  const crateLength = body.readUInt32LE(4 + jsonLength);
  if (crateStart + crateLength !== body.length)
    throw bad(
      `The publish body is malformed: the crate is ${body.length - crateStart} bytes, its declared length ${crateLength}.`,
    );
  return { json, crate: body.subarray(crateStart) };
}

async function checkCrateArchive(crate: Buffer, file: string): Promise<void> {
  if (crate.length < 18 || crate[0] !== 0x1f || crate[1] !== 0x8b)
    throw bad(`${file} is not a gzip-compressed crate archive.`);
  try {
    await gunzipAsync(crate, { maxOutputLength: maxUnpackedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new FormatProblem(413, `${file} unpacks to more than ${maxUnpackedBytes} bytes.`);
    throw bad(`${file} is not a valid gzip stream: ${(error as Error).message}`);
  }
}

export async function handlePublish(request: FormatRequest): Promise<void> {
  const { ctx, res } = request;
  const body = await readBody(request.req, maxPublishBytes);
  const { json, crate } = splitPublishBody(body);
  const metadata = parsePublishMetadata(json);
  const file = crateFileName(metadata.name, metadata.vers);
  await checkCrateArchive(crate, file);
  const stored = await storeAssetBlob(ctx, request.domain.name, Readable.from([crate]));
  // The index entry is kept with the crate file, so index files never reopen crates.
  const entry = indexEntryOf(metadata, stored.hashes.sha256);
  const blob = { ...stored, facts: { [cargoIndexFact]: JSON.stringify(entry) } };
  await publishFormatVersion(ctx, {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'cargo',
    package: metadata.name,
    version: metadata.vers,
    assets: [{ name: file, blob }],
    metadata: versionMetadataOf(metadata),
  });
  const answer = Buffer.from(
    JSON.stringify({ warnings: { invalid_categories: [], invalid_badges: [], other: [] } }),
    'utf8',
  );
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
  res.end(answer);
}
