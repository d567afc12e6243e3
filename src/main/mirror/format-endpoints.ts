/**
 * Publishing to a remote's package endpoints the way each format's own client does, for the formats
 * PublishPackageVersion does not take: npm (`npm publish`'s PUT of a packument with the tarball
 * attached), PyPI (twine's multipart upload) and Maven (`mvn deploy`'s PUTs, then
 * maven-metadata.xml) here; Cargo, RubyGems, NuGet and Swift in archive-format-endpoints.ts.
 * The endpoint comes from GetRepositoryEndpoint and the token from GetAuthorizationToken, as
 * `aws codeartifact login` does.
 */
import { createHash } from 'node:crypto';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { readTarballFiles } from '../http/formats/npm/tarball-reader';
import { publishCargo, publishNuget, publishRuby, publishSwift } from './archive-format-endpoints';
import { auth, base, send, type EndpointAccess, type LocalFile, type PushFacts } from './endpoint-requests';
import type { VersionRef } from './inventory';

async function publishNpm(
  access: EndpointAccess,
  ref: VersionRef,
  file: LocalFile,
  distTags: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const name = ref.namespace ? `@${ref.namespace}/${ref.package}` : ref.package;
  const { manifest } = await readTarballFiles(file.bytes, `the tarball of ${name}@${ref.version}`);
  const integrity = `sha512-${createHash('sha512').update(file.bytes).digest('base64')}`;
  const shasum = createHash('sha1').update(file.bytes).digest('hex');
  const tarballName = `${ref.package}-${ref.version}.tgz`;
  const body = {
    _id: name,
    name,
    'dist-tags': Object.fromEntries(distTags.map((tag) => [tag, ref.version])),
    versions: {
      [ref.version]: {
        ...manifest,
        name,
        version: ref.version,
        _id: `${name}@${ref.version}`,
        dist: { integrity, shasum },
      },
    },
    _attachments: {
      [tarballName]: {
        content_type: 'application/octet-stream',
        data: file.bytes.toString('base64'),
        length: file.bytes.length,
      },
    },
  };
  await send(
    `${base(access.endpoint)}${name.replace('/', '%2f')}`,
    {
      method: 'PUT',
      headers: { authorization: auth(access, 'Bearer'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    signal,
  );
}

function pypiFileType(name: string): { filetype: string; pyversion: string } {
  if (name.endsWith('.whl')) {
    const parts = name.slice(0, -4).split('-');
    return { filetype: 'bdist_wheel', pyversion: parts[parts.length - 3] ?? 'py3' };
  }
  return { filetype: 'sdist', pyversion: 'source' };
}

async function publishPypi(access: EndpointAccess, ref: VersionRef, file: LocalFile, signal: AbortSignal) {
  const form = new FormData();
  const { filetype, pyversion } = pypiFileType(file.name);
  const fields: Record<string, string> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name: ref.package,
    version: ref.version,
    filetype,
    pyversion,
    md5_digest: createHash('md5').update(file.bytes).digest('hex'),
    sha256_digest: createHash('sha256').update(file.bytes).digest('hex'),
  };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('content', new Blob([file.bytes]), file.name);
  await send(
    base(access.endpoint),
    { method: 'POST', headers: { authorization: auth(access, 'Basic') }, body: form },
    signal,
  );
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function publishMaven(
  access: EndpointAccess,
  ref: VersionRef,
  files: readonly LocalFile[],
  signal: AbortSignal,
) {
  const group = (ref.namespace ?? '').split('.').map(encodeURIComponent).join('/');
  const artifact = `${base(access.endpoint)}${group}/${encodeURIComponent(ref.package)}/`;
  const headers = { authorization: auth(access, 'Basic'), 'content-type': 'application/octet-stream' };
  for (const file of files) {
    await send(
      `${artifact}${encodeURIComponent(ref.version)}/${encodeURIComponent(file.name)}`,
      { method: 'PUT', headers, body: new Uint8Array(file.bytes) },
      signal,
    );
  }
  const metadata = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata>',
    `  <groupId>${xmlText(ref.namespace ?? '')}</groupId>`,
    `  <artifactId>${xmlText(ref.package)}</artifactId>`,
    '  <versioning>',
    `    <versions><version>${xmlText(ref.version)}</version></versions>`,
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
  await send(`${artifact}maven-metadata.xml`, { method: 'PUT', headers, body: metadata }, signal);
}

/** The formats pushed through their package endpoints. */
export const endpointFormats: ReadonlySet<PackageFormat> = new Set([
  'npm',
  'pypi',
  'maven',
  'cargo',
  'ruby',
  'nuget',
  'swift',
]);

function single(ref: VersionRef, files: readonly LocalFile[], what: string): LocalFile {
  const [file] = files;
  if (!file || files.length !== 1) throw new Error(`a ${ref.format} version holds exactly one ${what}`);
  return file;
}

export async function publishThroughEndpoint(
  access: EndpointAccess,
  ref: VersionRef,
  files: readonly LocalFile[],
  facts: PushFacts,
  signal: AbortSignal,
): Promise<void> {
  switch (ref.format) {
    case 'npm':
      return publishNpm(access, ref, single(ref, files, 'tarball'), facts.distTags, signal);
    case 'pypi':
      for (const file of files) await publishPypi(access, ref, file, signal);
      return;
    case 'maven':
      return publishMaven(access, ref, files, signal);
    case 'cargo':
      return publishCargo(access, single(ref, files, '.crate file'), facts, signal);
    case 'ruby':
      return publishRuby(access, single(ref, files, '.gem file'), signal);
    case 'nuget':
      return publishNuget(access, single(ref, files, '.nupkg file'), signal);
    case 'swift':
      return publishSwift(access, ref, single(ref, files, 'source archive'), facts, signal);
    default:
      throw new Error(`${ref.format} versions are not pushed through their endpoint`);
  }
}
