/**
 * Pushing Cargo, RubyGems, NuGet and Swift versions to a remote's package endpoints the way their
 * own clients publish: `cargo publish`'s framed metadata and crate, `gem push`'s POST of the .gem,
 * a NuGet push (multipart PUT to the service index's PackagePublish resource) and a Swift registry
 * publish (SE-0292 multipart PUT with the source archive and its metadata). The metadata Cargo and
 * Swift send beside the archive is what this store recorded when the file arrived.
 */
import { cargoIndexFact, publishMetadataOf, storedIndexEntry } from '../http/formats/cargo/cargo-manifest';
import { swiftReleaseFact, type SwiftRelease } from '../http/formats/swift/swift-release';
import { auth, base, send, type EndpointAccess, type LocalFile, type PushFacts } from './endpoint-requests';
import type { VersionRef } from './inventory';

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length, 0);
  return [length, bytes];
}

export async function publishCargo(
  access: EndpointAccess,
  file: LocalFile,
  facts: PushFacts,
  signal: AbortSignal,
): Promise<void> {
  const entry = storedIndexEntry(facts.fileFact(file, cargoIndexFact));
  if (!entry)
    throw new Error(`no index entry is recorded for ${file.name}, so its publish metadata is unknown`);
  const metadata = publishMetadataOf(entry, await facts.metadata());
  const body = Buffer.concat([
    ...lengthPrefixed(Buffer.from(JSON.stringify(metadata), 'utf8')),
    ...lengthPrefixed(file.bytes),
  ]);
  await send(
    `${base(access.endpoint)}api/v1/crates/new`,
    {
      method: 'PUT',
      headers: { authorization: auth(access, 'Bearer'), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    },
    signal,
  );
}

export async function publishRuby(
  access: EndpointAccess,
  file: LocalFile,
  signal: AbortSignal,
): Promise<void> {
  await send(
    `${base(access.endpoint)}api/v1/gems`,
    {
      method: 'POST',
      headers: { authorization: auth(access, 'Basic'), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file.bytes),
    },
    signal,
  );
}

/** The PackagePublish resource the remote's service index names. */
async function nugetPublishUrl(access: EndpointAccess, signal: AbortSignal): Promise<string> {
  const body = await send(
    `${base(access.endpoint)}v3/index.json`,
    { headers: { authorization: auth(access, 'Basic') } },
    signal,
  );
  const index = JSON.parse(body.toString('utf8')) as { resources?: { '@id'?: string; '@type'?: string }[] };
  const resource = index.resources?.find((r) => r['@type']?.startsWith('PackagePublish/'));
  if (!resource?.['@id'])
    throw new Error("the remote's NuGet service index names no PackagePublish resource");
  return resource['@id'];
}

export async function publishNuget(
  access: EndpointAccess,
  file: LocalFile,
  signal: AbortSignal,
): Promise<void> {
  const form = new FormData();
  form.append('package', new Blob([new Uint8Array(file.bytes)]), file.name);
  await send(
    await nugetPublishUrl(access, signal),
    { method: 'PUT', headers: { authorization: auth(access, 'Basic') }, body: form },
    signal,
  );
}

export async function publishSwift(
  access: EndpointAccess,
  ref: VersionRef,
  file: LocalFile,
  facts: PushFacts,
  signal: AbortSignal,
): Promise<void> {
  const recorded = facts.fileFact(file, swiftReleaseFact);
  const release = recorded ? (JSON.parse(recorded) as SwiftRelease) : undefined;
  const form = new FormData();
  form.append(
    'source-archive',
    new Blob([new Uint8Array(file.bytes)], { type: 'application/zip' }),
    file.name,
  );
  if (release && Object.keys(release.metadata).length > 0)
    form.append('metadata', new Blob([JSON.stringify(release.metadata)], { type: 'application/json' }));
  const path = [ref.namespace ?? '', ref.package, ref.version].map(encodeURIComponent).join('/');
  await send(
    `${base(access.endpoint)}${path}`,
    {
      method: 'PUT',
      headers: { authorization: auth(access, 'Bearer'), accept: 'application/vnd.swift.registry.v1+json' },
      body: form,
    },
    signal,
  );
}
