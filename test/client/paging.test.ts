// Paging against the simulator: exact counts, no duplicates, stable order, the stop rule (a short page),
// the default sort, both filter dialects, and connection reuse.
import { describe, expect, it } from 'vitest';
import type { SystemUserReturn, UserGroup, GraphConnection } from '../../src/jumpcloud/types.js';
import { collect, queryOf, useSimulator } from './simulator.js';

const USERS = 250;
const s = useSimulator({ seed: 42, users: USERS });

const sortedUserIds = (): string[] =>
  s.sim.directory
    .users()
    .map((u) => u._id)
    .sort();

describe('v1 paging (/api/systemusers)', () => {
  it.each([
    [100, 3],
    [7, 36],
    [50, 6], // 250 is a multiple of 50: the sixth page comes back empty and ends the listing
  ])('lists all %i-per-page in id order with %i requests', async (pageSize, expectedRequests) => {
    const client = s.client();
    const mark = s.mark();
    const users = await collect(client.paginateV1<SystemUserReturn>('/api/systemusers', { pageSize }));

    const ids = users.map((u) => u._id);
    expect(ids).toHaveLength(USERS);
    expect(new Set(ids).size).toBe(USERS);
    expect(ids).toEqual(sortedUserIds());

    const log = s.requestsSince(mark);
    expect(log).toHaveLength(expectedRequests);
    log.forEach((entry, i) => {
      const q = queryOf(entry.path);
      expect(entry.status).toBe(200);
      expect(q.get('sort')).toBe('_id');
      expect(q.get('limit')).toBe(String(pageSize));
      expect(q.get('skip')).toBe(String(i * pageSize));
    });
  });

  it('ANDs an array of filters as filter[0], filter[1] and selects fields', async () => {
    const client = s.client();
    const mark = s.mark();
    const users = await collect(
      client.paginateV1<SystemUserReturn>('/api/systemusers', {
        filter: ['department:$eq:Engineering', 'state:$eq:ACTIVATED'],
        fields: ['username', 'email'],
        pageSize: 5,
      }),
    );
    const expected = s.sim.directory
      .users()
      .filter((u) => u.department === 'Engineering' && u.state === 'ACTIVATED')
      .map((u) => u._id)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(users.map((u) => u._id)).toEqual(expected);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(expect.arrayContaining(['_id', 'email', 'username']));
    expect(users[0]).not.toHaveProperty('department');

    const q = queryOf(s.requestsSince(mark)[0]?.path ?? '');
    expect(q.get('filter[0]')).toBe('department:$eq:Engineering');
    expect(q.get('filter[1]')).toBe('state:$eq:ACTIVATED');
    expect(q.get('fields')).toBe('username email');
  });

  it('keeps a caller-given sort and hands out whole pages with onPage told first', async () => {
    const client = s.client();
    const seen: { page: number; skip: number; count: number }[] = [];
    const pages = await collect(
      client.pagesV1<SystemUserReturn>('/api/systemusers', {
        sort: '-username',
        pageSize: 100,
        onPage: (info) => {
          seen.push(info);
        },
      }),
    );
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(seen).toEqual([
      { page: 1, skip: 0, count: 100 },
      { page: 2, skip: 100, count: 100 },
      { page: 3, skip: 200, count: 50 },
    ]);
    const usernames = pages.flat().map((u) => u.username ?? '');
    expect(usernames).toEqual([...usernames].sort().reverse());
  });
});

describe('v2 paging', () => {
  it('lists every user group across small pages in id order', async () => {
    const client = s.client();
    const mark = s.mark();
    const groups = await collect(client.paginateV2<UserGroup>('/api/v2/usergroups', { pageSize: 4 }));
    const expected = s.sim.directory
      .groups()
      .map((g) => g.id)
      .sort();
    expect(expected.length).toBeGreaterThan(8);
    expect(groups.map((g) => g.id)).toEqual(expected);
    const log = s.requestsSince(mark);
    expect(log).toHaveLength(Math.floor(expected.length / 4) + 1);
    expect(log.every((e) => queryOf(e.path).get('sort') === 'id')).toBe(true);
  });

  it('comma-joins filters (explode: false)', async () => {
    const client = s.client();
    const mark = s.mark();
    const groups = await collect(
      client.paginateV2<UserGroup>('/api/v2/usergroups', {
        filter: ['name:eq:Engineering', 'type:eq:user_group'],
      }),
    );
    expect(groups.map((g) => g.name)).toEqual(['Engineering']);
    expect(queryOf(s.requestsSince(mark)[0]?.path ?? '').get('filter')).toBe(
      'name:eq:Engineering,type:eq:user_group',
    );
  });

  it('sends no sort when told the endpoint takes none', async () => {
    const client = s.client();
    const allStaff = s.sim.directory.groupByName('All Staff');
    expect(allStaff).toBeDefined();
    const mark = s.mark();
    const members = await collect(
      client.paginateV2<GraphConnection>(`/api/v2/usergroups/${allStaff?.id}/members`, {
        sort: false,
        pageSize: 100,
      }),
    );
    expect(members).toHaveLength(s.sim.directory.membersOf(allStaff?.id ?? '').length);
    expect(new Set(members.map((m) => m.to.id)).size).toBe(members.length);
    expect(s.requestsSince(mark).every((e) => !queryOf(e.path).has('sort'))).toBe(true);
  });
});

describe('keep-alive', () => {
  it('reuses connections across sequential and concurrent requests', async () => {
    const client = s.client({ connections: 4 });
    for (let i = 0; i < 20; i++) await client.request({ method: 'GET', path: '/api/organizations' });
    // undici may open a second socket when the next request is dispatched in the same tick the first
    // socket is released; what matters is that 20 requests did not open 20 connections.
    expect(client.stats().connectionsOpened).toBeLessThanOrEqual(2);

    await Promise.all(
      Array.from({ length: 40 }, () =>
        client.request({ method: 'GET', path: '/api/systemusers', query: { limit: 1 } }),
      ),
    );
    const stats = client.stats();
    expect(stats.requestsSent).toBe(60);
    expect(stats.connectionsOpened).toBeLessThanOrEqual(4);
    expect(stats.connected).toBe(stats.connectionsOpened);
  });
});
