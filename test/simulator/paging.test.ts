// Paging across a 250-user directory, both list dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SystemUserReturn, UserGroup } from '../../src/jumpcloud/types.js';
import { client, type Client, type V1List } from './harness.js';

let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, users: 250 });
  api = client(sim);
});
afterAll(() => sim.close());

const idsOf = (users: SystemUserReturn[]): string[] => users.map((user) => user._id ?? '');

describe('v1 /api/systemusers paging', () => {
  it('defaults to 10 results and reports the total', async () => {
    const { status, body } = await api.get<V1List<SystemUserReturn>>('/api/systemusers');
    expect(status).toBe(200);
    expect(body.totalCount).toBe(250);
    expect(body.results).toHaveLength(10);
  });

  it('pages with limit=100 through every user exactly once, in _id order', async () => {
    const seen: string[] = [];
    for (let skip = 0; ; skip += 100) {
      const { body } = await api.get<V1List<SystemUserReturn>>(`/api/systemusers?limit=100&skip=${skip}`);
      seen.push(...idsOf(body.results));
      if (body.results.length < 100) break;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(sim.directory.users().map((user) => user._id));
  });

  it('gives the remainder on the last page and an empty page past the end', async () => {
    const last = await api.get<V1List<SystemUserReturn>>('/api/systemusers?limit=100&skip=200');
    expect(last.body.results).toHaveLength(50);
    const beyond = await api.get<V1List<SystemUserReturn>>('/api/systemusers?limit=100&skip=1000');
    expect(beyond.body).toEqual({ totalCount: 250, results: [] });
  });

  it('allows limit=0 (count only)', async () => {
    const { body } = await api.get<V1List<SystemUserReturn>>('/api/systemusers?limit=0');
    expect(body).toEqual({ totalCount: 250, results: [] });
  });

  it.each([
    ['limit over the maximum', 'limit=101'],
    ['negative limit', 'limit=-1'],
    ['non-numeric limit', 'limit=ten'],
    ['fractional limit', 'limit=2.5'],
    ['negative skip', 'skip=-5'],
  ])('answers 400 for %s', async (_name, query) => {
    const { status, body } = await api.get<{ code: number }>(`/api/systemusers?${query}`);
    expect(status).toBe(400);
    expect(body.code).toBe(400);
  });

  it('pages filtered results against the filtered total', async () => {
    const all = sim.directory.users().filter((user) => user.department === 'Engineering');
    const first = await api.get<V1List<SystemUserReturn>>(
      '/api/systemusers?filter=department:$eq:Engineering&limit=5',
    );
    const second = await api.get<V1List<SystemUserReturn>>(
      '/api/systemusers?filter=department:$eq:Engineering&limit=5&skip=5',
    );
    expect(first.body.totalCount).toBe(all.length);
    expect([...idsOf(first.body.results), ...idsOf(second.body.results)]).toEqual(
      all.slice(0, 10).map((u) => u._id),
    );
  });
});

describe('v2 paging', () => {
  it('lists user groups as a bare array with x-total-count', async () => {
    const all = sim.directory.groups();
    const { body, headers } = await api.get<UserGroup[]>('/api/v2/usergroups');
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(10);
    expect(headers.get('x-total-count')).toBe(String(all.length));
    const rest = await api.get<UserGroup[]>('/api/v2/usergroups?skip=10&limit=100');
    expect([...body, ...rest.body].map((group) => group.id)).toEqual(all.map((group) => group.id));
    expect((await api.get('/api/v2/usergroups?limit=500')).status).toBe(400);
  });

  it('pages group members in a stable order', async () => {
    const allStaff = sim.directory.groupByName('All Staff')!;
    const expected = [...sim.directory.membersOf(allStaff.id)].sort();
    expect(expected.length).toBeGreaterThan(100);
    const seen: string[] = [];
    for (let skip = 0; ; skip += 100) {
      const { body, headers } = await api.get<{ to: { id: string } }[]>(
        `/api/v2/usergroups/${allStaff.id}/members?limit=100&skip=${skip}`,
      );
      expect(headers.get('x-total-count')).toBe(String(expected.length));
      seen.push(...body.map((edge) => edge.to.id));
      if (body.length < 100) break;
    }
    expect(seen).toEqual(expected);
  });
});
