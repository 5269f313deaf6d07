// What each resource reads and where it stores it. A list resource pages one JumpCloud list; a fan-out
// resource pages one list per parent object already in the snapshot (a group's members, a device's
// associations). Both only describe; syncResource.ts does the paging, storing and resuming.
import type { SqlValue } from '../store/types.js';
import type { PageSpec } from './paging.js';
import * as r from './records.js';
import type { SyncResource, SyncScope } from './types.js';

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
  users: {
    kind: 'list',
    table: 'users',
    columns: r.USER_COLUMNS,
    page: { path: '/api/systemusers', dialect: 'v1', pageSize: 100, sort: '_id', fields: r.USER_FIELDS },
    rows: (snapshotId, u) => [r.userRow(snapshotId, u)],
  },
  userGroups: {
    kind: 'list',
    table: 'user_groups',
    columns: r.GROUP_COLUMNS,
    page: { path: '/api/v2/usergroups', dialect: 'v2', pageSize: 100, sort: 'id' },
    rows: (snapshotId, g, scope) =>
      named(scope.userGroups, g['name']) ? [r.userGroupRow(snapshotId, g)] : [],
  },
  userGroupMembers: groupMembers('user'),
  systems: {
    kind: 'list',
    table: 'systems',
    columns: r.SYSTEM_COLUMNS,
    page: { path: '/api/systems', dialect: 'v1', pageSize: 100, sort: '_id', fields: r.SYSTEM_FIELDS },
    rows: (snapshotId, s) => [r.systemRow(snapshotId, s)],
  },
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
  applications: {
    kind: 'list',
    table: 'applications',
    columns: r.APPLICATION_COLUMNS,
    // `name` is the documented default order, not unique: page on the id.
    page: { path: '/api/applications', dialect: 'v1', pageSize: 100, sort: '_id' },
    rows: (snapshotId, a) => [r.applicationRow(snapshotId, a)],
  },
  applicationAssociations: associations(
    'applications',
    (id) => `/api/v2/applications/${id}/associations`,
    'application',
  ),
  policies: {
    kind: 'list',
    table: 'policies',
    columns: r.POLICY_COLUMNS,
    page: { path: '/api/v2/policies', dialect: 'v2', pageSize: 100, sort: 'id' },
    rows: (snapshotId, p) => [r.policyRow(snapshotId, p)],
  },
  policyResults: {
    kind: 'list',
    table: 'policy_results',
    columns: r.POLICY_RESULT_COLUMNS,
    page: { path: '/api/v2/policyresults', dialect: 'v2', pageSize: 100, sort: 'id' },
    rows: (snapshotId, p) => [r.policyResultRow(snapshotId, p)],
  },
  // System Insights allows 10000 a page; 1000 keeps each page's JSON (and the worker's memory) small.
  softwareApps: {
    kind: 'list',
    table: 'software',
    columns: r.SOFTWARE_COLUMNS,
    page: { path: '/api/v2/systeminsights/apps', dialect: 'v2', pageSize: 1000, sort: 'system_id,name' },
    rows: (snapshotId, a) => [r.appRow(snapshotId, a)],
  },
  softwarePrograms: {
    kind: 'list',
    table: 'software',
    columns: r.SOFTWARE_COLUMNS,
    page: { path: '/api/v2/systeminsights/programs', dialect: 'v2', pageSize: 1000, sort: 'system_id,name' },
    rows: (snapshotId, p) => [r.programRow(snapshotId, p)],
  },
};
