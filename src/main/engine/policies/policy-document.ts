/**
 * Checks a resource policy document before it is stored. There is no IAM locally to evaluate it, but
 * a document CodeArtifact would refuse is refused here too, with a message that says what is wrong.
 */
import { ValidationException } from '../errors';

export const maxPolicyDocumentLength = 7168;

function invalid(why: string): ValidationException {
  return new ValidationException(`The policy document is not valid: ${why}.`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function validatePolicyDocument(document: string): void {
  if (document.length > maxPolicyDocumentLength) {
    throw invalid(`it is ${document.length} characters long; the maximum is ${maxPolicyDocumentLength}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw invalid('it must be a JSON object');
  if (parsed.Version !== undefined && typeof parsed.Version !== 'string')
    throw invalid('Version must be a string');
  const statement = parsed.Statement;
  if (statement === undefined) throw invalid('it has no Statement');
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statements.length === 0) throw invalid('Statement is empty');
  statements.forEach((entry, index) => {
    const where = `statement ${index + 1}`;
    if (!isObject(entry)) throw invalid(`${where} is not an object`);
    if (entry.Effect !== 'Allow' && entry.Effect !== 'Deny')
      throw invalid(`${where} needs Effect "Allow" or "Deny"`);
    if (entry.Action === undefined && entry.NotAction === undefined)
      throw invalid(`${where} needs Action or NotAction`);
    // A resource policy grants to someone: without a principal it would mean nothing.
    if (entry.Principal === undefined && entry.NotPrincipal === undefined) {
      throw invalid(`${where} needs Principal or NotPrincipal`);
    }
  });
}
