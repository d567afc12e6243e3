/**
 * Checks a permissions policy typed in the editor before it is sent: it must be JSON and a JSON
 * object (the IAM policy grammar). What the policy says is the service's to judge; its message is
 * shown verbatim.
 */
import { checkField, fieldRules } from './field-check';

export type PolicyCheck =
  { readonly ok: true; readonly document: string } | { readonly ok: false; readonly message: string };

export function checkPolicyDocument(text: string): PolicyCheck {
  if (text.trim() === '') return { ok: false, message: 'The policy is empty. Write a JSON policy document.' };
  const problem = checkField(fieldRules.policyDocument, text);
  if (problem) return { ok: false, message: problem };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The policy is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      message: 'The policy must be a JSON object such as {"Version": "2012-10-17", "Statement": [...]}.',
    };
  }
  return { ok: true, document: text };
}

/** Re-indents a valid policy for reading; leaves anything unparsable as typed. */
export function formatPolicyDocument(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Thrown by the store when the editor's text is refused before anything is sent. */
export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPolicyDocument';
  }
}
