/**
 * The shared YAML reader (gem metadata): Ruby-tagged specifications come back as plain data, and
 * alias bombs, duplicate keys, oversized and broken documents are refused with a 400 naming them.
 */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/main/documents/yaml-document';

const specification = `--- !ruby/object:Gem::Specification
name: demo
version: !ruby/object:Gem::Version
  version: 1.2.3
dependencies:
- !ruby/object:Gem::Dependency
  name: rake
  requirement: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '13.0'
  type: :runtime
licenses:
- MIT
`;

describe('YAML documents', () => {
  it('reads a Gem::Specification as plain data', () => {
    expect(parseYaml(specification, 'metadata.gz')).toEqual({
      name: 'demo',
      version: { version: '1.2.3' },
      dependencies: [
        { name: 'rake', requirement: { requirements: [['>=', { version: '13.0' }]] }, type: ':runtime' },
      ],
      licenses: ['MIT'],
    });
  });

  it.each([
    [
      'an alias bomb',
      'a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n',
      /resource exhaustion/,
    ],
    ['duplicate keys', 'name: a\nname: b\n', /Map keys must be unique/],
    ['a broken flow sequence', 'a: [1, 2\n', /not valid YAML/],
  ])('refuses %s', (_label, text, reason) => {
    let caught: unknown;
    try {
      parseYaml(text, 'metadata.gz');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'ValidationException', statusCode: 400 });
    expect((caught as Error).message).toMatch(/^metadata\.gz is not valid YAML: /);
    expect((caught as Error).message).toMatch(reason);
  });

  it('refuses a document past its size limit before parsing it', () => {
    expect(() => parseYaml('a: b\n'.repeat(100), 'metadata.gz', { maxChars: 100 })).toThrow(
      'metadata.gz is not valid YAML: it is longer than 100 characters.',
    );
  });
});
