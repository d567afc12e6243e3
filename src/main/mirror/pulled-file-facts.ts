/**
 * What a pulled file's format records with it (blob_facts), so this store's package endpoints serve
 * a pulled version as they serve one published here: npm, RubyGems and NuGet facts are read from
 * the file itself; a crate's index entry and a Swift release's metadata, which travel beside the
 * archive when it is published, are read from the remote's own sparse index and release document.
 */
import type { Readable } from 'node:stream';
import type { EngineContext } from '../engine/context';
import { crateFileFacts, storedIndexEntry } from '../http/formats/cargo/cargo-manifest';
import { indexPathOf } from '../http/formats/cargo/cargo-names';
import { npmManifestFacts } from '../http/formats/npm/npm-manifest';
import { readTarballFiles } from '../http/formats/npm/tarball-reader';
import { maxNupkgBytes, nupkgFileFacts } from '../http/formats/nuget/nuget-push';
import { readNupkg } from '../http/formats/nuget/nupkg';
import { gemFileFacts } from '../http/formats/ruby/compact-index';
import { readGemFile } from '../http/formats/ruby/gem-file';
import { maxGemBytes } from '../http/formats/ruby/gem-push';
import {
  maxSourceArchiveBytes,
  readSourceArchive,
  swiftArchiveFacts,
} from '../http/formats/swift/swift-release';
import { auth, base, send, type EndpointAccess } from './endpoint-requests';
import type { VersionRef } from './inventory';

export interface PulledFile {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}

async function bytesOf(stream: Readable, limit: number, file: PulledFile): Promise<Buffer> {
  if (file.size > limit) throw new Error(`${file.name} is larger than the ${limit} bytes its format allows`);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function remoteText(access: EndpointAccess, path: string, accept: string, signal: AbortSignal) {
  const body = await send(
    `${base(access.endpoint)}${path}`,
    { headers: { authorization: auth(access, 'Bearer'), accept } },
    signal,
  );
  return body.toString('utf8');
}

/** The facts to record with one newly pulled file, or none for formats that keep none. */
export async function pulledFileFacts(
  ctx: EngineContext,
  domain: string,
  ref: VersionRef,
  file: PulledFile,
  access: () => Promise<EndpointAccess>,
  signal: AbortSignal,
): Promise<Record<string, string> | undefined> {
  const open = () => ctx.store.blobs.openVerified(domain, file.sha256, file.size);
  switch (ref.format) {
    case 'npm':
      return npmManifestFacts((await readTarballFiles(await open(), `the pulled ${file.name}`)).manifest);
    case 'ruby': {
      const { spec } = await readGemFile(
        await bytesOf(await open(), maxGemBytes, file),
        `the pulled ${file.name}`,
      );
      return gemFileFacts(spec, file.sha256);
    }
    case 'nuget':
      return nupkgFileFacts(
        await readNupkg(await bytesOf(await open(), maxNupkgBytes, file), `the pulled ${file.name}`),
      );
    case 'cargo': {
      const lines = await remoteText(await access(), indexPathOf(ref.package), 'application/json', signal);
      const entry = lines
        .split('\n')
        .map((line) => storedIndexEntry(line))
        .find((candidate) => candidate?.vers === ref.version);
      if (!entry) throw new Error(`the remote's sparse index lists no ${ref.package} ${ref.version}`);
      if (entry.cksum !== file.sha256)
        throw new Error(`the remote's sparse index gives ${ref.package} ${ref.version} another checksum`);
      return crateFileFacts({ ...entry, yanked: false });
    }
    case 'swift': {
      const path = [ref.namespace ?? '', ref.package, ref.version].map(encodeURIComponent).join('/');
      const document = JSON.parse(
        await remoteText(await access(), path, 'application/vnd.swift.registry.v1+json', signal),
      ) as { metadata?: unknown };
      const archive = await bytesOf(await open(), maxSourceArchiveBytes, file);
      const release = await readSourceArchive(archive, JSON.stringify(document.metadata ?? {}));
      return swiftArchiveFacts(release, file.sha256);
    }
    default:
      return undefined;
  }
}
