/**
 * The Maven endpoint's readers on their own: repository-layout paths (files, checksums, metadata,
 * timestamped snapshot builds, unsafe segments), POM metadata extraction and maven-metadata.xml.
 */
import { describe, expect, it } from 'vitest';
import {
  parseUploadedMetadata,
  renderArtifactMetadata,
  snapshotFileParts,
} from '../../src/main/http/formats/maven/maven-metadata-xml';
import { parseMavenPath } from '../../src/main/http/formats/maven/maven-path';
import { parseXml } from '../../src/main/documents/xml-document';
import { pomMetadata } from '../../src/main/http/formats/maven/pom-metadata';

describe('Maven layout paths', () => {
  it('names files, checksums and both kinds of metadata', () => {
    expect(parseMavenPath('org/acme/lib/1.0/lib-1.0-sources.jar.sha256')).toEqual({
      kind: 'file',
      groupId: 'org.acme',
      artifactId: 'lib',
      folderVersion: '1.0',
      version: '1.0',
      fileName: 'lib-1.0-sources.jar',
      checksum: 'sha256',
    });
    expect(parseMavenPath('org/acme/lib/maven-metadata.xml.md5')).toMatchObject({
      kind: 'artifact-metadata',
      groupId: 'org.acme',
      artifactId: 'lib',
      checksum: 'md5',
    });
    expect(parseMavenPath('org/acme/lib/2.0-SNAPSHOT/maven-metadata.xml')).toMatchObject({
      kind: 'snapshot-metadata',
      folderVersion: '2.0-SNAPSHOT',
    });
    expect(parseMavenPath('lib/1.0/lib-1.0.jar'), 'a file needs a groupId').toBeUndefined();
  });

  it('maps a timestamped snapshot file to its build version', () => {
    expect(parseMavenPath('org/acme/lib/2.0-SNAPSHOT/lib-2.0-20240101.120000-3-tests.jar')).toMatchObject({
      version: '2.0-20240101.120000-3',
      folderVersion: '2.0-SNAPSHOT',
    });
    expect(parseMavenPath('org/acme/lib/2.0-SNAPSHOT/lib-2.0-SNAPSHOT.jar')).toMatchObject({
      version: '2.0-SNAPSHOT',
    });
    expect(snapshotFileParts('lib', '2.0-20240101.120000-3', 'lib-2.0-20240101.120000-3-tests.jar')).toEqual({
      classifier: 'tests',
      extension: 'jar',
    });
  });

  it('refuses segments that could leave the layout', () => {
    expect(() => parseMavenPath('org/%2e%2e/lib/1.0/x.jar')).toThrow(/not a valid segment/);
    expect(() => parseMavenPath('org/a%2Fb/lib/1.0/x.jar')).toThrow(/not a valid segment/);
    expect(() => parseMavenPath('org/%E0%A4%A/lib/1.0/x.jar')).toThrow(/percent-encoding/);
  });
});

describe('POM and metadata readers', () => {
  it('extracts metadata from a POM, expanding its own properties', () => {
    const metadata =
      pomMetadata(`<?xml version="1.0"?><!-- c --><project xmlns="http://maven.apache.org/POM/4.0.0">
      <parent><groupId>org.parent</groupId><version>3.1</version></parent>
      <artifactId>child</artifactId><name>Child &amp; co</name><description><![CDATA[a <b> lib]]></description>
      <properties><dep.version>1.2</dep.version></properties>
      <dependencies><dependency><groupId>\${project.groupId}</groupId><artifactId>core</artifactId><version>\${dep.version}</version><scope>runtime</scope></dependency></dependencies>
    </project>`);
    expect(metadata).toEqual({
      displayName: 'Child & co',
      summary: 'a <b> lib',
      dependencies: [
        { namespace: 'org.parent', package: 'core', dependencyType: 'runtime', versionRequirement: '1.2' },
      ],
    });
  });

  it('rejects malformed XML with a clear message', () => {
    expect(() => parseXml('<project><a></project>', 'The POM')).toThrow(
      'The POM is not well-formed XML: unexpected close tag (line 1, column 22).',
    );
    expect(() => parseXml('<a/><b/>', 'x')).toThrow(/documents may contain only one root/);
  });

  it('refuses a DOCTYPE and defined entities, so no document can expand or fetch anything', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('')}]><project>&lol9;</project>`;
    expect(() => parseXml(laughs, 'The POM')).toThrow(
      'The POM is not well-formed XML: a DOCTYPE is not accepted.',
    );
    expect(() => parseXml('<!DOCTYPE p SYSTEM "http://127.0.0.1:9/x.dtd"><p/>', 'The POM')).toThrow(
      /DOCTYPE is not accepted/,
    );
    expect(() => parseXml('<project>&xxe;</project>', 'The POM')).toThrow(/undefined entity/);
    expect(() => parseXml(`<p>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</p>`, 'The POM')).toThrow(
      /nesting deeper than 64/,
    );
  });

  it('renders versions in Maven order with latest and release, and reads uploaded metadata', () => {
    const xml = renderArtifactMetadata({
      groupId: 'g',
      artifactId: 'a',
      versions: ['1.10', '1.9', '2.0-SNAPSHOT'],
      lastUpdated: '20240101000000',
    });
    expect(xml.indexOf('<version>1.9</version>')).toBeLessThan(xml.indexOf('<version>1.10</version>'));
    expect(xml).toContain('<latest>2.0-SNAPSHOT</latest>');
    expect(xml).toContain('<release>1.10</release>');
    expect(parseUploadedMetadata(xml).versions).toEqual(['1.9', '1.10', '2.0-SNAPSHOT']);
    const snapshot = parseUploadedMetadata(
      '<metadata><groupId>g</groupId><artifactId>a</artifactId><version>2.0-SNAPSHOT</version><versioning><snapshot><timestamp>20240101.120000</timestamp><buildNumber>4</buildNumber></snapshot></versioning></metadata>',
    );
    expect(snapshot.snapshot).toEqual({
      version: '2.0-SNAPSHOT',
      timestamp: '20240101.120000',
      buildNumber: 4,
    });
  });
});
