/**
 * Gives the receiving side of a pull or push what it lacks of the domain's structure: the domain,
 * the chosen repositories (with their descriptions), the upstreams they list (appended after the
 * receiver's own) and their external connections. Nothing the receiver has is removed. Problems
 * with one repository (a repository may not have both upstreams and an external connection) are
 * returned as notes and do not stop the job.
 */
import type { MirrorPlan } from '../../shared/mirror';
import type { Inventory, Side } from './inventory';
import { isNotFound } from './remote-api';

function owner(side: Side) {
  return side.domainOwner ? { domainOwner: side.domainOwner } : {};
}

export async function syncStructure(
  plan: MirrorPlan,
  from: Inventory,
  to: Side,
  toInventory: Inventory,
  receiverHasDomain: boolean,
): Promise<string[]> {
  const notes: string[] = [];
  if (!receiverHasDomain) {
    try {
      await to.call('CreateDomain', { domain: to.domain });
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
    }
  }
  const wanted = plan.repositories.filter((r) => from.repositories.has(r.name));
  for (const repository of wanted) {
    if (toInventory.repositories.has(repository.name)) continue;
    const source = from.repositories.get(repository.name)!;
    try {
      await to.call('CreateRepository', {
        domain: to.domain,
        ...owner(to),
        repository: repository.name,
        ...(source.description ? { description: source.description } : {}),
      });
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
    }
  }
  for (const repository of wanted) {
    const source = from.repositories.get(repository.name)!;
    const current = toInventory.repositories.get(repository.name);
    const have = current?.upstreams ?? [];
    const missing = source.upstreams.filter((name) => !have.includes(name));
    try {
      if (missing.length > 0) {
        await to.call('UpdateRepository', {
          domain: to.domain,
          ...owner(to),
          repository: repository.name,
          upstreams: [...have, ...missing].map((repositoryName) => ({ repositoryName })),
        });
      }
      for (const connection of source.externalConnections) {
        if (current?.externalConnections.includes(connection)) continue;
        await to.call('AssociateExternalConnection', {
          domain: to.domain,
          ...owner(to),
          repository: repository.name,
          externalConnection: connection,
        });
      }
    } catch (error) {
      if (isNotFound(error) || (error instanceof Error && /Conflict|Quota|Validation/.test(error.name))) {
        notes.push(`${repository.name}: ${(error as Error).message}`);
      } else {
        throw error;
      }
    }
  }
  return notes;
}
