// v2 user groups: create, membership changes with their documented/inferred status codes, and the views
// of membership (members, memberof).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphConnection, GraphObjectWithPaths, UserGroup } from '../../src/jumpcloud/types.js';
import { FIXTURE_USERS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { client, type Client } from './harness.js';

let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, users: 30 });
  api = client(sim);
});
afterAll(() => sim.close());

let auditBefore = 0;
beforeEach(() => {
  auditBefore = sim.audit().length;
});
const newAudit = () => sim.audit().slice(auditBefore);
const MISSING = '0123456789abcdef01234567';

describe('user groups', () => {
  it('creates a group (201) with the service defaults and audits it', async () => {
    const { status, body } = await api.post<UserGroup>('/api/v2/usergroups', {
      name: 'Project Falcon',
      description: 'Falcon team',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: 'Project Falcon',
      description: 'Falcon team',
      type: 'user_group',
      membershipMethod: 'NOTSET',
      organizationObjectId: sim.orgId,
    });
    expect((await api.get<UserGroup>(`/api/v2/usergroups/${body.id}`)).body).toEqual(body);
    expect(newAudit()).toEqual([
      expect.objectContaining({ operation: 'usergroup.create', targetId: body.id }),
    ]);
  });

  it('refuses a duplicate name (409), a missing or empty name (400, nullName/invalidName)', async () => {
    expect((await api.post('/api/v2/usergroups', { name: 'Engineering' })).status).toBe(409);
    const missing = await api.post<{ status: string; details: unknown[] }>('/api/v2/usergroups', {});
    expect(missing.status).toBe(400);
    expect(missing.body.status).toBe('nullName');
    expect(missing.body.details).toHaveLength(1);
    const empty = await api.post<{ status: string }>('/api/v2/usergroups', { name: ' ' });
    expect(empty.body.status).toBe('invalidName');
    expect(newAudit()).toEqual([]);
  });

  it('answers 400 for a malformed group id and 404 for an unknown one', async () => {
    expect((await api.get('/api/v2/usergroups/abc')).status).toBe(400);
    expect((await api.get(`/api/v2/usergroups/${MISSING}`)).status).toBe(404);
    expect((await api.get(`/api/v2/usergroups/${MISSING}/members`)).status).toBe(404);
  });
});

describe('membership', () => {
  const membersUrl = (groupId: string) => `/api/v2/usergroups/${groupId}/members`;

  it('adds (204, then 409) and removes (204, then 404) a member, auditing only the changes', async () => {
    const group = sim.directory.groupByName('Finance')!;
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.engineer.username)!;
    const add = await api.post(membersUrl(group.id), { op: 'add', type: 'user', id: user._id });
    expect(add.status).toBe(204);
    expect(add.text).toBe('');
    expect(sim.directory.isMember(group.id, user._id)).toBe(true);
    expect((await api.post(membersUrl(group.id), { op: 'add', type: 'user', id: user._id })).status).toBe(
      409,
    );
    expect((await api.post(membersUrl(group.id), { op: 'remove', type: 'user', id: user._id })).status).toBe(
      204,
    );
    expect(sim.directory.isMember(group.id, user._id)).toBe(false);
    expect((await api.post(membersUrl(group.id), { op: 'remove', type: 'user', id: user._id })).status).toBe(
      404,
    );
    expect(newAudit().map((entry) => [entry.operation, entry.targetId, entry.detail])).toEqual([
      ['usergroup.member.add', group.id, { userId: user._id }],
      ['usergroup.member.remove', group.id, { userId: user._id }],
    ]);
  });

  it.each([
    ['an unknown user', { op: 'add', type: 'user', id: MISSING }, 404],
    ['a malformed user id', { op: 'add', type: 'user', id: 'nope' }, 400],
    ['a non-user member type', { op: 'add', type: 'system', id: MISSING }, 400],
    ['an unknown op', { op: 'replace', type: 'user', id: MISSING }, 400],
    ['a missing id', { op: 'add', type: 'user' }, 400],
  ])('answers the right error for %s', async (_name, body, status) => {
    const group = sim.directory.groupByName('Legal')!;
    expect((await api.post(membersUrl(group.id), body)).status).toBe(status);
    expect(newAudit()).toEqual([]);
  });

  it('lists direct members as GraphConnections to users', async () => {
    const itAdmins = sim.directory.groupByName('IT Admins')!;
    const { body } = await api.get<GraphConnection[]>(membersUrl(itAdmins.id));
    expect(body.map((edge) => edge.to)).toEqual(
      [...sim.directory.membersOf(itAdmins.id)].sort().map((id) => ({ attributes: null, id, type: 'user' })),
    );
  });

  it('lists a user’s groups as GraphObjectWithPaths with a one-hop path', async () => {
    const alex = sim.directory.findUserByUsername(FIXTURE_USERS.itManager.username)!;
    const { body } = await api.get<GraphObjectWithPaths[]>(`/api/v2/users/${alex._id}/memberof?limit=100`);
    expect(body.map((entry) => entry.id)).toEqual(sim.directory.groupsOf(alex._id));
    const itAdmins = body.find((entry) => entry.id === sim.directory.groupByName('IT Admins')!.id)!;
    expect(itAdmins).toMatchObject({
      type: 'user_group',
      paths: [[{ to: { id: itAdmins.id, type: 'user_group' } }]],
      compiledAttributes: { sudo: { enabled: true, withoutPassword: false } },
    });
    expect((await api.get(`/api/v2/users/${MISSING}/memberof`)).status).toBe(404);
    expect((await api.get('/api/v2/users/zzz/memberof')).status).toBe(400);
  });

  it('memberof follows membership changes', async () => {
    const casey = sim.directory.findUserByUsername(FIXTURE_USERS.newHire.username)!;
    const engineering = sim.directory.groupByName('Engineering')!;
    expect((await api.get<unknown[]>(`/api/v2/users/${casey._id}/memberof`)).body).toEqual([]);
    await api.post(membersUrl(engineering.id), { op: 'add', type: 'user', id: casey._id });
    const after = await api.get<GraphObjectWithPaths[]>(`/api/v2/users/${casey._id}/memberof`);
    expect(after.body.map((entry) => entry.id)).toEqual([engineering.id]);
  });
});
