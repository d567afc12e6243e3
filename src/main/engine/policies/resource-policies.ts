/**
 * Resource policies of domains and repositories, stored once for both. `policyRevision` is an
 * optimistic lock: when a caller gives one it must equal the current revision, or the call is a
 * ConflictException and nothing changes. Every change gets a new revision string.
 */
import { randomBytes } from 'node:crypto';
import type { ResourcePolicy } from '@aws-sdk/client-codeartifact';
import { ConflictException, ResourceNotFoundException } from '../errors';
import { errorResourceType, type ResourceRef } from '../resources';
import type { Db } from '../../store/types';
import { validatePolicyDocument } from './policy-document';

interface PolicyRow {
  readonly document: string;
  readonly revision: string;
}

function findPolicy(db: Db, resource: ResourceRef): PolicyRow | undefined {
  return db.get<PolicyRow>(
    'SELECT document, revision FROM resource_policies WHERE resource_kind = ? AND resource_id = ?',
    [resource.kind, resource.id],
  );
}

function toResourcePolicy(resource: ResourceRef, row: PolicyRow): ResourcePolicy {
  return { resourceArn: resource.arn, document: row.document, revision: row.revision };
}

function noPolicy(resource: ResourceRef): ResourceNotFoundException {
  return new ResourceNotFoundException(
    `There is no resource policy on ${resource.arn}.`,
    resource.name,
    errorResourceType(resource.kind),
  );
}

function checkRevision(
  resource: ResourceRef,
  current: PolicyRow | undefined,
  expected: string | undefined,
): void {
  if (expected === undefined || current?.revision === expected) return;
  throw new ConflictException(
    current
      ? `The policy revision '${expected}' is not the current revision of the policy on ${resource.arn}.`
      : `The policy revision '${expected}' was given, but ${resource.arn} has no policy.`,
    resource.name,
    errorResourceType(resource.kind),
  );
}

export function getPolicy(db: Db, resource: ResourceRef): ResourcePolicy {
  const row = findPolicy(db, resource);
  if (!row) throw noPolicy(resource);
  return toResourcePolicy(resource, row);
}

/** Must run inside a write transaction. */
export function putPolicy(
  db: Db,
  resource: ResourceRef,
  document: string,
  expectedRevision: string | undefined,
  now: Date,
): ResourcePolicy {
  validatePolicyDocument(document);
  checkRevision(resource, findPolicy(db, resource), expectedRevision);
  const row: PolicyRow = { document, revision: randomBytes(18).toString('base64url') };
  db.run(
    `INSERT INTO resource_policies (resource_kind, resource_id, document, revision, updated_time) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (resource_kind, resource_id) DO UPDATE
     SET document = excluded.document, revision = excluded.revision, updated_time = excluded.updated_time`,
    [resource.kind, resource.id, row.document, row.revision, now.getTime()],
  );
  return toResourcePolicy(resource, row);
}

/** Must run inside a write transaction. Returns the policy as it was before deletion. */
export function deletePolicy(
  db: Db,
  resource: ResourceRef,
  expectedRevision: string | undefined,
): ResourcePolicy {
  const row = findPolicy(db, resource);
  if (!row) throw noPolicy(resource);
  checkRevision(resource, row, expectedRevision);
  db.run('DELETE FROM resource_policies WHERE resource_kind = ? AND resource_id = ?', [
    resource.kind,
    resource.id,
  ]);
  return toResourcePolicy(resource, row);
}
