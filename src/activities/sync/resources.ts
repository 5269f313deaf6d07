// What each resource reads and where it stores it. A list resource pages one JumpCloud list; a fan-out
// resource pages one list per parent object already in the snapshot (a group's members, a device's
// associations). Both only describe; syncResource.ts does the paging, storing and resuming.
import type { SqlValue } from '../../store/types.js';
import type { PageSpec } from './paging.js';
import * as r from '../../sync/records.js';
import type { SyncResource, SyncScope } from '../../sync/types.js';

type Rec = Record<string, unknown>;

interface Common {
  table: string;
  columns: readonly string[];
}

export interface ListResource extends Common {
  kind: 'list';
  page: PageSpec;
  rows(snapshotId: string, item: Rec, scope: SyncScope): SqlValue[][];
}

export interface FanOutResource extends Common {
  kind: 'fanout';
  /** The table (and key column) whose rows are the parents, in id order. */
  parentTable: string;
  page(parentId: string): PageSpec;
  rows(snapshotId: string, parentId: string, item: Rec): SqlValue[][];
}

export type ResourceSpec = ListResource | FanOutResource;

const one = (row: SqlValue[] | undefined): SqlValue[][] => (row ? [row] : []);
const named = (names: string[] | undefined, name: unknown): boolean => !names || names.includes(String(name));

const associations = (
  parentTable: string,
  path: (id: string) => string,
  type: 'system' | 'system_group' | 'application',
): FanOutResource => ({
  kind: 'fanout',
  table: 'associations',
  columns: r.ASSOCIATION_COLUMNS,
  parentTable,
  page: (id) => ({
    path: path(id),
    dialect: 'v2',
    pageSize: 100,
    sort: false,
    query: { targets: 'user,user_group' },
  }),
  rows: (snapshotId, id, edge) => one(r.associationRow(snapshotId, edge, { type, id })),
});

/** One JumpCloud list into one table, a row per item. */
const list = (
  table: string,
  columns: readonly string[],
  page: PageSpec,
  row: (snapshotId: string, item: Rec) => SqlValue[],
): ListResource => ({
  kind: 'list',
  table,
  columns,
  page,
  rows: (snapshotId, item) => [row(snapshotId, item)],
});

/** A group's direct members: user groups hold users, device groups hold devices. */
const groupMembers = (member: 'user' | 'system'): FanOutResource => ({
  kind: 'fanout',
  table: `${member}_group_members`,
  columns: r.MEMBER_COLUMNS[member],
  parentTable: `${member}_groups`,
  page: (id) => ({
    path: `/api/v2/${member}groups/${id}/members`,
    dialect: 'v2',
    pageSize: 100,
    sort: false,
  }),
  rows: (snapshotId, id, edge) => {
    const memberId = r.memberId(edge, member);
    return memberId ? [[snapshotId, id, memberId]] : [];
  },
});

export const RESOURCES: Record<SyncResource, ResourceSpec> = {
  users: list(
    'users',
    r.USER_COLUMNS,
    { path: '/api/systemusers', dialect: 'v1', pageSize: 100, sort: '_id', fields: r.USER_FIELDS },
    r.userRow,
  ),
  userGroups: {
    kind: 'list',
    table: 'user_groups',
    columns: r.GROUP_COLUMNS,
    page: { path: '/api/v2/usergroups', dialect: 'v2', pageSize: 100, sort: 'id' },
    rows: (snapshotId, g, scope) =>
      named(scope.userGroups, g['name']) ? [r.userGroupRow(snapshotId, g)] : [],
  },
  userGroupMembers: groupMembers('user'),
  systems: list(
    'systems',
    r.SYSTEM_COLUMNS,
    { path: '/api/systems', dialect: 'v1', pageSize: 100, sort: '_id', fields: r.SYSTEM_FIELDS },
    r.systemRow,
  ),
  systemGroups: {
    kind: 'list',
    table: 'system_groups',
    columns: r.SYSTEM_GROUP_COLUMNS,
    page: { path: '/api/v2/systemgroups', dialect: 'v2', pageSize: 100, sort: 'id' },
    rows: (snapshotId, g, scope) =>
      named(scope.systemGroups, g['name']) ? [r.systemGroupRow(snapshotId, g)] : [],
  },
  systemGroupMembers: groupMembers('system'),
  systemAssociations: associations('systems', (id) => `/api/v2/systems/${id}/associations`, 'system'),
  systemGroupAssociations: associations(
    'system_groups',
    (id) => `/api/v2/systemgroups/${id}/associations`,
    'system_group',
  ),
  // `name` is the documented default order, not unique: page on the id.
  applications: list(
    'applications',
    r.APPLICATION_COLUMNS,
    { path: '/api/applications', dialect: 'v1', pageSize: 100, sort: '_id' },
    r.applicationRow,
  ),
  applicationAssociations: associations(
    'applications',
    (id) => `/api/v2/applications/${id}/associations`,
    'application',
  ),
  policies: list(
    'policies',
    r.POLICY_COLUMNS,
    { path: '/api/v2/policies', dialect: 'v2', pageSize: 100, sort: 'id' },
    r.policyRow,
  ),
  policyResults: list(
    'policy_results',
    r.POLICY_RESULT_COLUMNS,
    { path: '/api/v2/policyresults', dialect: 'v2', pageSize: 100, sort: 'id' },
    r.policyResultRow,
  ),
  // System Insights allows 10000 a page; 1000 keeps each page's JSON (and the worker's memory) small.
  softwareApps: list(
    'software',
    r.SOFTWARE_COLUMNS,
    { path: '/api/v2/systeminsights/apps', dialect: 'v2', pageSize: 1000, sort: 'system_id,name' },
    r.appRow,
  ),
  softwarePrograms: list(
    'software',
    r.SOFTWARE_COLUMNS,
    { path: '/api/v2/systeminsights/programs', dialect: 'v2', pageSize: 1000, sort: 'system_id,name' },
    r.programRow,
  ),
};
