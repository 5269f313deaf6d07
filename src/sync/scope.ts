// Which resources a scope asks for, with their parents added (members need their groups).
import { RESOURCE_PARENTS, SYNC_RESOURCES, type SyncResource, type SyncScope } from './types.js';

export function resourcesOf(scope: SyncScope): SyncResource[] {
  const wanted = new Set<SyncResource>(scope.resources ?? SYNC_RESOURCES);
  for (const resource of [...wanted]) {
    const parent = RESOURCE_PARENTS[resource];
    if (parent) wanted.add(parent);
  }
  return SYNC_RESOURCES.filter((r) => wanted.has(r));
}

export function isSyncResource(name: string): name is SyncResource {
  return (SYNC_RESOURCES as readonly string[]).includes(name);
}
