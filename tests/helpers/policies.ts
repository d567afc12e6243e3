/**
 * Resource policy documents for the permissions-policy tests: a valid one for a principal of the
 * local account, and one padded to an exact length to probe the 7168-character limit.
 */

export function readPolicy(accountId: string, sid = 'ReadAccess'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['codeartifact:ReadFromRepository', 'codeartifact:DescribeRepository'],
        Resource: '*',
      },
    ],
  });
}

/** A valid policy whose serialised length is exactly `length` characters. */
export function policyOfLength(accountId: string, length: number): string {
  const base = readPolicy(accountId, '');
  const padding = length - base.length;
  if (padding < 0) throw new Error(`a policy cannot be shorter than ${base.length} characters`);
  const policy = readPolicy(accountId, 'S'.repeat(padding));
  if (policy.length !== length) throw new Error('padding changed the length unexpectedly');
  return policy;
}
