/**
 * The CodeArtifact API model (2018-09-22), written by hand: every operation with its HTTP
 * binding, input and output shapes and errors, and the route table derived from it.
 */
import type { OperationName } from '../operations';
import type { HttpMethod, OperationModel } from './operation-model';
import * as domains from './operations/domains';
import * as packageGroups from './operations/package-groups';
import * as packageVersions from './operations/package-versions';
import * as packages from './operations/packages';
import * as permissionsPolicies from './operations/permissions-policies';
import * as repositories from './operations/repositories';
import * as tags from './operations/tags';

export type { HttpMethod, OperationModel, ErrorName } from './operation-model';
export { errorStatus } from './operation-model';
export type * from './shape-dsl';

/** Every operation by name; a missing or misspelt operation is a compile error. */
export const apiModel: { readonly [O in OperationName]: OperationModel } = {
  ...domains,
  ...packageGroups,
  ...packageVersions,
  ...packages,
  ...permissionsPolicies,
  ...repositories,
  ...tags,
};

const routes = new Map<string, OperationModel>();
for (const operation of Object.values(apiModel)) {
  const key = `${operation.method} ${operation.path}`;
  const clash = routes.get(key);
  if (clash) throw new Error(`${operation.name} and ${clash.name} share the route ${key}`);
  routes.set(key, operation);
}

/** The operation served at `method` + `path` (path without query string), if any. */
export function findOperation(method: string, path: string): OperationModel | undefined {
  return routes.get(`${method.toUpperCase()} ${path}`);
}

/** Methods that some operation accepts at `path`; empty when the path is unknown. */
export function methodsAt(path: string): HttpMethod[] {
  return Object.values(apiModel)
    .filter((operation) => operation.path === path)
    .map((operation) => operation.method);
}
