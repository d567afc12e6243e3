/**
 * Publishing through the PyPI and Maven endpoints with plain HTTP, as twine and `mvn deploy` send
 * the requests: a wheel upload (multipart form), a Maven deploy (files, then maven-metadata.xml).
 */
import { createHash } from 'node:crypto';
import { zipOf } from '../archives/archive-builders';

export async function expectOk(response: Response, what: string): Promise<void> {
  if (response.status >= 300)
    throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
}

function basic(token: string): string {
  return `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`;
}

export function wheelOf(name: string, version: string, metadata = ''): Buffer {
  const dist = `${name}-${version}.dist-info`;
  return zipOf([
    { name: `${name}/__init__.py`, body: `VERSION = '${version}'\n` },
    {
      name: `${dist}/METADATA`,
      body: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: ${name} for tests\n${metadata}`,
    },
    { name: `${dist}/WHEEL`, body: 'Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n' },
    { name: `${dist}/RECORD`, body: '' },
  ]);
}

/** Uploads a wheel of `name` `version` (METADATA lines in `metadata`) to a PyPI repository endpoint. */
export async function uploadWheel(
  base: string,
  token: string,
  name: string,
  version: string,
  metadata = '',
): Promise<void> {
  const wheel = wheelOf(name, version, metadata);
  const form = new FormData();
  const fields: Record<string, string> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    sha256_digest: createHash('sha256').update(wheel).digest('hex'),
  };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('content', new Blob([wheel]), `${name}-${version}-py3-none-any.whl`);
  await expectOk(
    await fetch(base, { method: 'POST', headers: { authorization: basic(token) }, body: form }),
    'PyPI upload',
  );
}

/** Deploys a jar and its POM (with `dependencies` XML inside <project>) to a Maven repository endpoint. */
export async function deployMaven(
  base: string,
  token: string,
  group: string,
  artifact: string,
  version: string,
  dependencies = '',
): Promise<void> {
  const auth = basic(token);
  const dir = `${base}${group.replace(/\./g, '/')}/${artifact}/`;
  const pom = `<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version>${dependencies}</project>\n`;
  const files: Record<string, string> = {
    [`${artifact}-${version}.jar`]: `jar bytes of ${artifact} ${version}`,
    [`${artifact}-${version}.pom`]: pom,
  };
  for (const [file, body] of Object.entries(files)) {
    await expectOk(
      await fetch(`${dir}${version}/${file}`, { method: 'PUT', headers: { authorization: auth }, body }),
      `PUT ${file}`,
    );
  }
  const metadata = `<?xml version="1.0"?>\n<metadata><groupId>${group}</groupId><artifactId>${artifact}</artifactId><versioning><versions><version>${version}</version></versions></versioning></metadata>\n`;
  await expectOk(
    await fetch(`${dir}maven-metadata.xml`, {
      method: 'PUT',
      headers: { authorization: auth },
      body: metadata,
    }),
    'PUT maven-metadata.xml',
  );
}
