/**
 * A package group pattern checked before it is sent, in plain words: the API's length and character
 * constraints, then the grammar the service parses (`/*`, `/{format}/*`, `/{format}/{namespace
 * prefix}~`, `/{format}/{namespace}/*`, `/{format}/{namespace}/{name prefix}~`,
 * `/{format}/{namespace}/{name}$`). The service still has the last word on anything subtler.
 */
import { packageFormats } from './connect-config';
import { checkField, fieldRules } from './field-check';

const withoutNamespace = new Set(['pypi', 'nuget', 'ruby', 'cargo']);
const namespaceNeeded = new Set(['maven', 'swift', 'generic']);

export function checkGroupPattern(pattern: string): string | undefined {
  const shape = checkField(fieldRules.groupPattern, pattern);
  if (shape) return shape;
  if (!pattern.startsWith('/')) return 'A pattern starts with "/", as in /npm/my-scope/*.';
  const suffix = pattern.slice(-1);
  if (suffix !== '*' && suffix !== '~' && suffix !== '$')
    return 'A pattern ends with * (everything below), ~ (a prefix) or $ (one exact package).';
  if (suffix === '*' && !pattern.endsWith('/*')) return 'A * ends a pattern right after a "/", as in /npm/*.';
  const body = pattern.slice(1, -1);
  if (/[*~$]/u.test(body)) return '*, ~ and $ may only end a pattern.';
  if (body.includes('#')) return 'A pattern may not contain #.';
  if (pattern === '/*') return undefined;
  const parts = body.split('/');
  if (suffix === '*') parts.pop();
  const [format = '', ...rest] = parts;
  if (!(packageFormats as readonly string[]).includes(format))
    return `"${format}" is not a package format; the pattern starts with one of ${packageFormats.join(', ')}.`;
  if (suffix === '~' && rest.length === 0) return `Give a prefix before the ~, as in /${format}/prefix~.`;
  if (rest.length > 2)
    return `A pattern has at most a format, a namespace and a name: /${format}/namespace/name$.`;
  if (suffix === '$' && rest.length !== 2)
    return `An exact pattern names the namespace and the package: /${format}/namespace/name$${
      withoutNamespace.has(format) ? ` (the namespace is empty for ${format}: /${format}//name$)` : ''
    }.`;
  if (suffix === '~' && rest.length === 1 && withoutNamespace.has(format))
    return `${format} packages have no namespace: a name prefix is written /${format}//prefix~.`;
  const namespace = rest.length === 2 || suffix === '*' ? rest[0] : undefined;
  if (namespace !== undefined && namespace !== '' && withoutNamespace.has(format))
    return `${format} packages have no namespace: leave it empty, as in /${format}//name$.`;
  if (namespace === '' && namespaceNeeded.has(format))
    return `${format} packages always have a namespace: give one, as in /${format}/namespace/*.`;
  if (rest.some((part, index) => part === '' && !(index === 0 && namespace !== undefined)))
    return 'A pattern has no empty sections other than the namespace of a format without one.';
  return undefined;
}
