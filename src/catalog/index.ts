// The action catalog: one list that the compiler type-checks `with` against and the worker registers
// activities from. Types come from the schemas (json-schema-to-ts), so there is one source of truth.
// Each family lives in its own module; this one merges them and derives the types.
import type { FromSchema } from 'json-schema-to-ts';
import { directoryActions } from './directory.js';
import { httpActions } from './http.js';
import { appActions } from './jumpcloudApps.js';
import { deviceActions } from './jumpcloudDevices.js';
import { groupActions } from './jumpcloudGroups.js';
import { userActions } from './jumpcloudUsers.js';
import { notifyActions } from './notify.js';
import type { ActionDefinition } from './types.js';

export const actionCatalog = {
  ...userActions,
  ...groupActions,
  ...deviceActions,
  ...appActions,
  ...notifyActions,
  ...httpActions,
  ...directoryActions,
} as const satisfies Record<string, ActionDefinition>;

export type ActionCatalog = typeof actionCatalog;
export type ActionName = keyof ActionCatalog;
export type ActionInput<N extends ActionName> = FromSchema<ActionCatalog[N]['with']>;
export type ActionOutput<N extends ActionName> = FromSchema<ActionCatalog[N]['output']>;

/** The activities implementing the catalog, exactly one per action, typed by its schemas. */
export type ActionImplementations = {
  [N in ActionName]: (input: ActionInput<N>) => Promise<ActionOutput<N>>;
};

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionCatalog, name);
}

export const actionNames = Object.keys(actionCatalog) as ActionName[];

/** The action changes the directory or the outside world: it declares at least one kind of write. */
export function isMutating(name: ActionName): boolean {
  return actionCatalog[name].writes.length > 0;
}

export type { ActionDefaults, ActionDefinition, WriteOp } from './types.js';
export { WRITE_OPS } from './types.js';
export { HTTP_DEFAULTS, JUMPCLOUD_DEFAULTS, JUMPCLOUD_LISTING_DEFAULTS, NOTIFY_DEFAULTS } from './types.js';
