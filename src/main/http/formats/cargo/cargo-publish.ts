/**
 * `cargo publish` (PUT `api/v1/crates/new`): a body of the metadata JSON and the `.crate` file, each
 * after its length as a 32-bit little-endian number. The crate must be a gzip stream of the declared
 * length, a tar of the crate's own folder whose Cargo.toml names the same crate and version; its
 * SHA-256 becomes the index entry's `cksum`. Nothing is stored unless everything checks.
 */
import { Readable } from 'node:stream';
import { publishFormatVersion, storeAssetBlob } from '../../../engine';
import { readBody } from '../../read-body';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import {
  crateFileFacts,
  indexEntryOf,
  parsePublishMetadata,
  versionMetadataOf,
  type PublishMetadata,
} from './cargo-manifest';
import { readCrate } from './crate-contents';
import { crateFileName } from './cargo-names';

/** The largest publish body taken (metadata and crate together). */
export const maxPublishBytes = 64 * 1024 * 1024;
/** A crate that unpacks to more than this is refused (a decompression bomb, not source code). */
const maxUnpackedBytes = 512 * 1024 * 1024;
const maxMetadataBytes = 8 * 1024 * 1024;

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

/**
 * The crate must be a gzip'd tar of its own `{name}-{version}/` folder whose Cargo.toml, when it has
 * one, names the crate and version the metadata does.
 */
async function checkCrate(crate: Buffer, metadata: PublishMetadata, file: string): Promise<void> {
  if (crate.length < 18 || crate[0] !== 0x1f || crate[1] !== 0x8b)
    throw bad(`${file} is not a gzip-compressed crate archive.`);
  const { manifest } = await readCrate(crate, metadata.name, metadata.vers, file, maxUnpackedBytes);
  if (!manifest) throw bad(`${file} has no ${metadata.name}-${metadata.vers}/Cargo.toml.`);
  if (manifest.name !== metadata.name || manifest.version !== metadata.vers)
    throw bad(
      `${file}'s Cargo.toml describes ${String(manifest.name)} ${String(manifest.version)}, not ${metadata.name} ${metadata.vers}.`,
    );
}

export async function handlePublish(request: FormatRequest): Promise<void> {
  const { ctx, res } = request;
  const body = await readBody(request.req, maxPublishBytes);
  const { json, crate } = splitPublishBody(body);
  const metadata = parsePublishMetadata(json);
  const file = crateFileName(metadata.name, metadata.vers);
  await checkCrate(crate, metadata, file);
  const stored = await storeAssetBlob(ctx, request.domain.name, Readable.from([crate]));
  // The index entry is kept with the crate file, so index files never reopen crates.
  const entry = indexEntryOf(metadata, stored.hashes.sha256);
  const blob = { ...stored, facts: crateFileFacts(entry) };
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
