/**
 * The package group pattern grammar on its own: canonical forms (normalised names), a clear
 * ValidationException for each kind of mistake, and the specificity chains that decide a package's
 * group and a group's parent.
 */
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../../src/main/engine/errors';
import {
  canonicalGroupPattern,
  enclosingPatterns,
  parseGroupPattern,
  patternMatches,
  patternsMatching,
} from '../../../src/main/engine/package-groups/group-pattern';

describe('package group patterns: canonical form', () => {
  it.each([
    ['/*', '/*'],
    ['/npm/*', '/npm/*'],
    ['/npm//*', '/npm//*'],
    ['/npm/space/*', '/npm/space/*'],
    ['/npm/@space/*', '/npm/space/*'],
    ['/npm/@acme~', '/npm/acme~'],
    ['/npm/space/anycompany-ui~', '/npm/space/anycompany-ui~'],
    ['/npm//left~', '/npm//left~'],
    ['/maven/com.anycompany~', '/maven/com.anycompany~'],
    ['/maven/org.apache.logging.log4j/log4j-core$', '/maven/org.apache.logging.log4j/log4j-core$'],
    ['/maven/Org.X/Lib$', '/maven/Org.X/Lib$'],
    ['/pypi//requests$', '/pypi//requests$'],
    ['/pypi//Foo_Bar.baz$', '/pypi//foo-bar-baz$'],
    ['/pypi//Zope_~', '/pypi//zope-~'],
    ['/nuget//Newtonsoft.Json$', '/nuget//newtonsoft.json$'],
    ['/swift/Apple/Swift-NIO$', '/swift/apple/swift-nio$'],
    ['/swift/Apple/*', '/swift/apple/*'],
    ['/cargo//Serde$', '/cargo//serde$'],
    ['/generic/tools/*', '/generic/tools/*'],
  ])('%s is stored as %s', (input, canonical) => {
    expect(canonicalGroupPattern(input)).toBe(canonical);
  });
});

describe('package group patterns: mistakes', () => {
  it.each([
    ['npm/*', /starts with '\/'/],
    ['/npm', /ends in '\$'.*'~'.*'\/\*'/],
    ['/npm/space/name', /ends in/],
    ['/NPM/*', /'NPM' is not a package format/],
    ['/docker/*', /'docker' is not a package format/],
    ['//*', /format is empty/],
    ['/npm*', /'\*' must follow a '\/'/],
    ['/npm/sp*', /'\*' must follow a '\/'/],
    ['/npm/space/name/*', /'\/\*' can follow the format or the namespace/],
    ['/npm/space/ui*$', /'\*' may only be the last component/],
    ['/npm/space~/*', /'~' and '\$' may only end a pattern/],
    ['/maven/com.acme$', /'\$' ends a full package path/],
    ['/npm/~', /namespace prefix before '~' is empty/],
    ['/npm/space/$', /name is empty/],
    ['/npm/space/~', /name prefix is empty/],
    ['/npm/a/b/c~', /'~' ends a namespace prefix/],
    ['/pypi//*', /same packages as '\/pypi\/\*'/],
    ['/pypi/space/*', /pypi packages have no namespace/],
    ['/pypi/req~', /pypi packages have no namespace/],
    ['/nuget/ns/x$', /nuget packages have no namespace/],
    ['/maven//lib$', /maven packages always have a namespace/],
    ['/generic//*', /generic packages always have a namespace/],
    ['/swift//x~', /swift packages always have a namespace/],
    ['/npm/a#b/*', /contains '#'/],
    ['/npm/@/*', /empty once normalised/],
    [`/npm/space/${'x'.repeat(256)}$`, /longer than 255/],
  ])('%s is refused', (pattern, message) => {
    let caught: unknown;
    try {
      parseGroupPattern(pattern);
    } catch (error) {
      caught = error;
    }
    expect(caught, pattern).toBeInstanceOf(ValidationException);
    expect((caught as Error).message).toContain(`'${pattern}'`);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('package group patterns: matching and specificity', () => {
  it('matches packages by stored (normalised) coordinates', () => {
    const pkg = { format: 'npm', namespace: 'space', name: 'anycompany-ui-components' } as const;
    for (const pattern of [
      '/*',
      '/npm/*',
      '/npm/sp~',
      '/npm/space~',
      '/npm/space/*',
      '/npm/space/anycompany-ui~',
    ]) {
      expect(patternMatches(parseGroupPattern(pattern), pkg), pattern).toBe(true);
    }
    for (const pattern of [
      '/pypi/*',
      '/npm//*',
      '/npm/spaces~',
      '/npm/other/*',
      '/npm/space/ui~',
      '/npm/space/anycompany-ui$',
    ]) {
      expect(patternMatches(parseGroupPattern(pattern), pkg), pattern).toBe(false);
    }
  });

  it('lists the patterns matching a package from the most specific to the root', () => {
    expect(patternsMatching({ format: 'npm', namespace: 'ab', name: 'xyz' })).toEqual([
      '/npm/ab/xyz$',
      '/npm/ab/xyz~',
      '/npm/ab/xy~',
      '/npm/ab/x~',
      '/npm/ab/*',
      '/npm/ab~',
      '/npm/a~',
      '/npm/*',
      '/*',
    ]);
    expect(patternsMatching({ format: 'pypi', namespace: '', name: 'ab' })).toEqual([
      '/pypi//ab$',
      '/pypi//ab~',
      '/pypi//a~',
      '/pypi//*',
      '/pypi/*',
      '/*',
    ]);
  });

  it('lists the patterns enclosing a pattern, nearest first, never the pattern itself', () => {
    const enclosing = (pattern: string) => enclosingPatterns(parseGroupPattern(pattern));
    expect(enclosing('/*')).toEqual([]);
    expect(enclosing('/npm/*')).toEqual(['/*']);
    expect(enclosing('/npm/abc~')).toEqual(['/npm/ab~', '/npm/a~', '/npm/*', '/*']);
    expect(enclosing('/npm/ab/*')).toEqual(['/npm/ab~', '/npm/a~', '/npm/*', '/*']);
    expect(enclosing('/npm//*')).toEqual(['/npm/*', '/*']);
    expect(enclosing('/npm/ab/xy~')).toEqual([
      '/npm/ab/x~',
      '/npm/ab/*',
      '/npm/ab~',
      '/npm/a~',
      '/npm/*',
      '/*',
    ]);
    expect(enclosing('/npm/ab/xy$')).toEqual([
      '/npm/ab/xy~',
      '/npm/ab/x~',
      '/npm/ab/*',
      '/npm/ab~',
      '/npm/a~',
      '/npm/*',
      '/*',
    ]);
  });

  it('cuts prefixes at whole characters', () => {
    expect(patternsMatching({ format: 'generic', namespace: 'n', name: 'a😀' })).toContain('/generic/n/a😀~');
    expect(patternsMatching({ format: 'generic', namespace: 'n', name: 'a😀' })).toContain('/generic/n/a~');
    expect(patternsMatching({ format: 'generic', namespace: 'n', name: 'a😀' })).toHaveLength(7);
  });
});
