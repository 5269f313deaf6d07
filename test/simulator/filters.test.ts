// Filters, search, sort and field selection, over HTTP, against a directory with planted records whose
// values exercise every operator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimUser } from '../../src/simulator/index.js';
import type { UserGroup } from '../../src/jumpcloud/types.js';
import { client, type Client, type V1List } from './harness.js';

let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, users: 60 });
  api = client(sim);
  const plant = (username: string, fields: Partial<SimUser>): void =>
    void sim.directory.addUser({ username, email: `${username}@planted.test`, ...fields });
  plant('pipe.one', { department: 'Shipping|Receiving', costCenter: 'Atlanta|Tampa', unix_uid: 90001 });
  plant('pipe.two', { department: 'Shipping & Receiving', costCenter: 'Chicago', unix_uid: 90002 });
  plant('pipe.three', {
    department: 'Receiving Item',
    costCenter: 'Tampa',
    unix_uid: 90003,
    tags: ['vip', 'remote'],
  });
});
afterAll(() => sim.close());

async function usernames(query: string, headers?: Record<string, string>): Promise<string[]> {
  const { status, body } = await api.get<V1List<{ username: string }>>(
    `/api/systemusers?limit=100&${query}`,
    headers ? { headers } : {},
  );
  expect(status).toBe(200);
  return body.results.map((user) => user.username);
}

const expected = (predicate: (user: SimUser) => boolean): string[] =>
  sim.directory
    .users()
    .filter(predicate)
    .map((user) => user.username);

describe('v1 filter operators', () => {
  it('$eq and $ne (strings, booleans, numbers)', async () => {
    expect(await usernames('filter=department:$eq:IT')).toEqual(expected((u) => u.department === 'IT'));
    expect(await usernames('filter=department:$ne:Engineering')).toEqual(
      expected((u) => u.department !== 'Engineering'),
    );
    expect(await usernames('filter=suspended:$eq:true')).toEqual(expected((u) => u.suspended));
    expect(await usernames('filter=unix_uid:$eq:90002')).toEqual(['pipe.two']);
    expect(await usernames('filter=mfa.configured:$eq:true')).toEqual(
      expected((u) => u.mfa.configured === true),
    );
  });

  it('values are case-sensitive', async () => {
    expect(await usernames('filter=department:$eq:it')).toEqual([]);
  });

  it('$in and $nin split on | with \\| as a literal pipe', async () => {
    expect(await usernames('filter=department:$in:Finance|IT')).toEqual(
      expected((u) => u.department === 'Finance' || u.department === 'IT'),
    );
    expect(await usernames(`filter=${encodeURIComponent('costCenter:$in:Atlanta\\|Tampa|Chicago')}`)).toEqual(
      ['pipe.one', 'pipe.two'],
    );
    expect(await usernames('filter=department:$nin:Engineering|Sales')).toEqual(
      expected((u) => u.department !== 'Engineering' && u.department !== 'Sales'),
    );
  });

  it('$lt $lte $gt $gte on numbers and ISO dates', async () => {
    expect(await usernames('filter=unix_uid:$gt:90001')).toEqual(['pipe.two', 'pipe.three']);
    expect(await usernames('filter=unix_uid:$gte:90001')).toEqual(['pipe.one', 'pipe.two', 'pipe.three']);
    expect(await usernames('filter=unix_uid:$lt:5003')).toEqual(expected((u) => u.unix_uid < 5003));
    expect(await usernames('filter=unix_uid:$lte:5003')).toEqual(expected((u) => u.unix_uid <= 5003));
    const cutoff = '2024-02-01T00:00:00.000Z';
    expect(await usernames(`filter=created:$lt:${cutoff}`)).toEqual(expected((u) => u.created < cutoff));
  });

  it('$sw matches a prefix; a pipe is literal unless x-eventually-consistent is set', async () => {
    expect(await usernames('filter=department:$sw:Shipping')).toEqual(['pipe.one', 'pipe.two']);
    expect(await usernames(`filter=${encodeURIComponent('department:$sw:Shipping|Receiving')}`)).toEqual([
      'pipe.one',
    ]);
    const ec = { 'x-eventually-consistent': 'true' };
    expect(await usernames(`filter=${encodeURIComponent('department:$sw:Shipping|Receiving')}`, ec)).toEqual([
      'pipe.one',
      'pipe.two',
      'pipe.three',
    ]);
  });

  it('$ew $co $nco need x-eventually-consistent', async () => {
    const ec = { 'x-eventually-consistent': 'true' };
    expect(await usernames('filter=department:$ew:Item', ec)).toEqual(['pipe.three']);
    expect(await usernames(`filter=${encodeURIComponent('department:$co:&|Item')}`, ec)).toEqual([
      'pipe.two',
      'pipe.three',
    ]);
    expect(await usernames('filter=costCenter:$nco:CC-', ec)).toEqual(['pipe.one', 'pipe.two', 'pipe.three']);
    expect((await api.get('/api/systemusers?filter=department:$ew:Item')).status).toBe(400);
  });

  it('array fields match when any element does', async () => {
    expect(await usernames('filter=tags:$eq:remote')).toEqual(['pipe.three']);
  });

  it('filter[n] are ANDed, filter[or][n] are ORed, and both combine', async () => {
    const and = await usernames(
      `filter[0]=${encodeURIComponent('department:$eq:IT')}&filter[1]=${encodeURIComponent('state:$eq:ACTIVATED')}`,
    );
    expect(and).toEqual(expected((u) => u.department === 'IT' && u.state === 'ACTIVATED'));
    const or = await usernames(
      `filter[or][0]=${encodeURIComponent('department:$eq:Legal')}&filter[or][1]=${encodeURIComponent('department:$eq:People')}`,
    );
    expect(or).toEqual(expected((u) => u.department === 'Legal' || u.department === 'People'));
    const both = await usernames(
      `filter=${encodeURIComponent('state:$eq:ACTIVATED')}&filter[or][0]=${encodeURIComponent('department:$eq:Legal')}&filter[or][1]=${encodeURIComponent('department:$eq:People')}`,
    );
    expect(both).toEqual(
      expected((u) => u.state === 'ACTIVATED' && (u.department === 'Legal' || u.department === 'People')),
    );
  });

  it.each([
    ['no operator', 'filter=department'],
    ['unknown operator', 'filter=department:$like:IT'],
    ['v2 operator on v1', 'filter=department:eq:IT'],
    ['odd filter key', 'filter[x]=department:$eq:IT'],
  ])('answers 400 for %s', async (_name, query) => {
    expect((await api.get(`/api/systemusers?${query}`)).status).toBe(400);
  });

  it('search matches a partial term, case-insensitively, in the named fields', async () => {
    expect(await usernames('search[searchTerm]=PLANTED.TEST&search[fields][0]=email')).toEqual([
      'pipe.one',
      'pipe.two',
      'pipe.three',
    ]);
    expect(await usernames('search=pipe.t')).toEqual(['pipe.two', 'pipe.three']);
  });
});

describe('sort and fields', () => {
  it('sorts ascending and descending, space-separated keys, ties by _id', async () => {
    const asc = await usernames('sort=username');
    expect(asc).toEqual([...asc].sort());
    const desc = await usernames('sort=-username');
    expect(desc).toEqual([...asc].reverse());
    const { body } = await api.get<V1List<{ department: string; username: string }>>(
      `/api/systemusers?limit=100&sort=${encodeURIComponent('department -username')}&fields=${encodeURIComponent('department username')}`,
    );
    const pairs = body.results.map((user) => [user.department, user.username] as const);
    const sorted = [...pairs].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? 1 : -1) : a[0] < b[0] ? -1 : 1));
    expect(pairs).toEqual(sorted);
  });

  it('fields keeps only the named fields plus the ids', async () => {
    const { body } = await api.get<V1List<Record<string, unknown>>>('/api/systemusers?limit=1&fields=email');
    expect(Object.keys(body.results[0]!).sort()).toEqual(['_id', 'email', 'id']);
  });
});

describe('v2 filters and sort', () => {
  const names = async (query: string): Promise<string[]> => {
    const { status, body } = await api.get<UserGroup[]>(`/api/v2/usergroups?limit=100&${query}`);
    expect(status).toBe(200);
    return body.map((group) => group.name ?? '');
  };

  it('eq, ne, in, search; comma-joined and repeated filters are ANDed', async () => {
    expect(await names('filter=name:eq:Engineering')).toEqual(['Engineering']);
    expect(await names('filter=name:ne:Engineering')).not.toContain('Engineering');
    expect(await names('filter=name:in:Sales|Finance')).toEqual(['Sales', 'Finance']);
    expect(await names('filter=name:search:staff')).toEqual(['All Staff']);
    expect(await names('filter=membershipMethod:eq:STATIC,name:eq:IT%20Admins')).toEqual(['IT Admins']);
    expect(await names('filter=membershipMethod:eq:STATIC&filter=name:eq:IT%20Admins')).toEqual([
      'IT Admins',
    ]);
    expect((await api.get('/api/v2/usergroups?filter=name:$eq:Sales')).status).toBe(400);
  });

  it('sorts with comma-separated keys', async () => {
    const asc = await names('sort=name');
    expect(asc).toEqual([...asc].sort());
    expect(await names('sort=-name')).toEqual([...asc].reverse());
    expect(await names('sort=-membershipMethod,name')).toEqual(asc);
  });

  it('filters memberof by type and object_id', async () => {
    const alex = sim.directory.findUserByUsername('alex.rivera')!;
    const itAdmins = sim.directory.groupByName('IT Admins')!;
    const url = `/api/v2/users/${alex._id}/memberof?limit=100`;
    const byType = await api.get<{ id: string }[]>(`${url}&filter=type:eq:user_group`);
    expect(byType.body.map((g) => g.id)).toEqual(sim.directory.groupsOf(alex._id));
    const byId = await api.get<{ id: string }[]>(`${url}&filter=object_id:eq:${itAdmins.id}`);
    expect(byId.body.map((g) => g.id)).toEqual([itAdmins.id]);
  });
});
