// What the directory sync reads beyond the playbook endpoints: device-group and application associations,
// policies and their results, System Insights software, Directory Insights events, the rate limit, and
// large generated directories. Every response goes through the spec check of the harness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../src/simulator/seed.js';
import {
  ANTIVIRUS,
  FIXTURE_USERS,
  SIMULATOR_ADMIN,
  startSimulator,
  type Simulator,
} from '../../src/simulator/index.js';
import { FaultInjector } from '../../src/simulator/faults.js';
import { client, type Client } from './harness.js';

let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, users: 40 });
  api = client(sim);
});
afterAll(() => sim.close());

const MISSING = '0123456789abcdef01234567';

describe('associations of device groups and applications', () => {
  it('lists the user groups bound to a device group and the users/groups bound to an app', async () => {
    const servers = sim.directory.inventory.systemGroupByName('Servers')!;
    const itAdmins = sim.directory.groupByName('IT Admins')!;
    const res = await api.get<{ to: { id: string; type: string }; attributes: unknown }[]>(
      `/api/v2/systemgroups/${servers.id}/associations?targets=user,user_group`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        attributes: { sudo: { enabled: true, withoutPassword: false } },
        to: { attributes: null, id: itAdmins.id, type: 'user_group' },
      },
    ]);
    const salesforce = sim.directory.applications.list().find((a) => a.name === 'salesforce')!;
    const app = await api.get<{ to: { type: string } }[]>(
      `/api/v2/applications/${salesforce._id}/associations?targets=user,user_group`,
    );
    expect(app.body.map((e) => e.to.type).sort()).toEqual(['user', 'user_group']);
    expect((await api.get(`/api/v2/systemgroups/${servers.id}/associations`)).status).toBe(400);
    expect((await api.get(`/api/v2/systemgroups/${MISSING}/associations?targets=user`)).status).toBe(404);
    expect((await api.get(`/api/v2/applications/${MISSING}/associations?targets=user`)).status).toBe(404);
  });
});

describe('policies and policy results', () => {
  it('serves the seeded policies and one result per bound device, failing where the disk is not encrypted', async () => {
    const policies = await api.get<{ id: string; name: string; template: { osMetaFamily: string } }[]>(
      '/api/v2/policies?limit=100',
    );
    expect(policies.status).toBe(200);
    expect(policies.body.map((p) => p.name)).toEqual([
      'Require FileVault',
      'Require BitLocker',
      'Lock screen after 5 minutes',
    ]);
    const results: { policyID: string; systemID: string; success: boolean; state: string }[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = await api.get<typeof results>(`/api/v2/policyresults?limit=100&skip=${skip}`);
      expect(page.status).toBe(200);
      results.push(...page.body);
      if (page.body.length < 100) break;
    }
    expect(results.length).toBe(sim.directory.policies.resultCount());
    const bitlocker = policies.body.find((p) => p.name === 'Require BitLocker')!;
    const jamie = sim.directory.inventory.systemByHostname('jamie-desktop')!;
    expect(results.find((r) => r.policyID === bitlocker.id && r.systemID === jamie._id)).toMatchObject({
      success: false,
      state: 'failed',
    });
    const filtered = await api.get<typeof results>(
      `/api/v2/policyresults?filter=policyID:eq:${bitlocker.id}&limit=100`,
    );
    expect(filtered.body.every((r) => r.policyID === bitlocker.id)).toBe(true);
    expect((await api.get('/api/v2/policyresults?limit=101')).status).toBe(400);
  });
});

describe('System Insights software', () => {
  it('pages apps of every Mac and programs of every Windows device, up to 10000 a page', async () => {
    const macs = sim.directory.inventory.systems().filter((s) => s.osFamily === 'darwin');
    const all = await api.get<{ system_id: string; bundle_name: string }[]>(
      '/api/v2/systeminsights/apps?limit=10000',
    );
    expect(all.status).toBe(200);
    expect(new Set(all.body.map((r) => r.system_id))).toEqual(new Set(macs.map((m) => m._id)));
    // Paging in small pages gives the same rows in the same order.
    const paged: typeof all.body = [];
    for (let skip = 0; ; skip += 7) {
      const page = await api.get<typeof all.body>(`/api/v2/systeminsights/apps?limit=7&skip=${skip}`);
      paged.push(...page.body);
      if (page.body.length < 7) break;
    }
    expect(paged).toEqual(all.body);
    const programs = await api.get<{ system_id: string; name: string }[]>(
      '/api/v2/systeminsights/programs?limit=10000',
    );
    expect(programs.status).toBe(200);
    expect(programs.body.length).toBeGreaterThan(0);
    expect((await api.get('/api/v2/systeminsights/apps?limit=10001')).status).toBe(400);
    expect((await api.get('/api/v2/systeminsights/apps?filter=name:ne:x')).status).toBe(400);
    // Sorted as asked: the natural order costs nothing, another is sorted, an unknown column is refused.
    const natural = await api.get<typeof all.body>(
      '/api/v2/systeminsights/apps?limit=10000&sort=system_id,name',
    );
    expect(natural.body).toEqual(all.body);
    const reversed = await api.get<typeof all.body>(
      '/api/v2/systeminsights/apps?limit=10000&sort=-system_id',
    );
    expect(reversed.body.map((r) => r.system_id)).toEqual(all.body.map((r) => r.system_id).reverse());
    expect(reversed.headers.get('x-total-count')).toBe(String(all.body.length));
    expect((await api.get('/api/v2/systeminsights/apps?sort=colour')).status).toBe(400);
  });

  it('filters by device and name, and serves planted software', async () => {
    const laptop = sim.directory.inventory.systemByHostname('jordan-mbp')!;
    sim.directory.software.set(laptop._id, [
      { name: 'Slack.app', version: '4.0', publisher: 'Slack Technologies' },
    ]);
    const res = await api.get<{ system_id: string; name: string }[]>(
      `/api/v2/systeminsights/apps?filter=system_id:eq:${laptop._id}`,
    );
    expect(res.body.map((r) => r.name)).toEqual(['Slack.app']);
    const av = await api.get<{ name: string }[]>(
      `/api/v2/systeminsights/apps?filter=bundle_name:eq:${encodeURIComponent(ANTIVIRUS.darwin.replace('.app', ''))}&limit=10000`,
    );
    expect(av.body.every((r) => r.name === ANTIVIRUS.darwin)).toBe(true);
  });
});

describe('Directory Insights events', () => {
  const events = (body: unknown) =>
    api.post<Record<string, unknown>[]>('/insights/directory/v1/events', body);

  it('records API mutations as events with who made them, and pages them with search_after', async () => {
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.engineer.username)!;
    const start = new Date(Date.now() - 60_000).toISOString();
    for (const title of ['Engineer I', 'Engineer II', 'Engineer III']) {
      expect((await api.put(`/api/systemusers/${user._id}`, { jobTitle: title })).status).toBe(200);
    }
    const first = await events({ service: ['directory'], start_time: start, limit: 2 });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-result-count')).toBe('2');
    expect(first.headers.get('x-limit')).toBe('2');
    expect(first.headers.get('x-sort')).toBe('ASC');
    expect(first.body[0]).toMatchObject({
      event_type: 'user_update',
      initiated_by: SIMULATOR_ADMIN,
      resource: { id: user._id, type: 'user' },
    });
    const after = JSON.parse(first.headers.get('x-search_after')!) as unknown;
    const second = await events({ service: ['directory'], start_time: start, limit: 2, search_after: after });
    expect(second.body).toHaveLength(1);
    expect(second.headers.get('x-result-count')).toBe('1');
    const desc = await events({ service: ['all'], start_time: start, sort: 'DESC' });
    expect(desc.body.map((e) => e['id'])).toEqual(
      [...first.body, ...second.body].map((e) => e['id']).reverse(),
    );
  });

  it('filters with search_term, plants events, and refuses bad queries with {message}', async () => {
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.suspended.username)!;
    sim.recordEvent({
      event_type: 'user_suspended',
      initiated_by: { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', type: 'admin', email: 'hr.admin@example.com' },
      resource: { id: user._id, type: 'user', username: user.username },
    });
    const res = await events({
      service: ['directory'],
      start_time: new Date(Date.now() - 60_000).toISOString(),
      search_term: { and: [{ 'resource.id': user._id }] },
    });
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ initiated_by: { email: 'hr.admin@example.com' } });
    const bad = await events({ start_time: '2020-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['message']);
    expect((await events({ service: ['directory'], start_time: 'yesterday' })).status).toBe(400);
    expect(
      (
        await api.post(
          '/insights/directory/v1/events',
          { service: ['all'], start_time: '2020-01-01T00:00:00Z' },
          { noKey: true },
        )
      ).status,
    ).toBe(401);
  });
});

describe('rate limit', () => {
  it('admits the requests allowed per second, then answers 429 with Retry-After until the bucket refills', () => {
    // The token bucket on a clock of our own: a second's worth at once, then one per 1/rate s.
    const bucket = new FaultInjector(1, { rateLimitPerSecond: 5 });
    const t0 = 1_000_000;
    expect(Array.from({ length: 7 }, () => bucket.admit(t0))).toEqual([
      ...Array<undefined>(5).fill(undefined),
      1,
      1,
    ]);
    expect(bucket.admit(t0 + 100)).toBe(1);
    expect(bucket.admit(t0 + 400)).toBeUndefined();
    expect(Array.from({ length: 6 }, () => bucket.admit(t0 + 5_000))).toEqual([
      ...Array<undefined>(5).fill(undefined),
      1,
    ]);
  });

  it('is applied per request by the server, with the Retry-After header', async () => {
    const limited = await startSimulator({ seed: 3, users: 25, faults: { rateLimitPerSecond: 1 } });
    try {
      // Four at once against one request a second: one passes, the others wait their turn.
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => client(limited).get('/api/organizations')),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses).toContain(200);
      expect(statuses).toContain(429);
      const limitedAnswer = answers.find((r) => r.status === 429);
      expect(Number(limitedAnswer?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});

describe('large generated directories', () => {
  it('hold exactly the users, groups and devices asked for, deterministically', () => {
    const a = seedDirectory({ seed: 9, users: 3000, groups: 200, devices: 1500 });
    expect(a.users().length).toBe(3000);
    expect(a.groups().length).toBe(200);
    expect(a.inventory.systems().length).toBe(1500);
    const b = seedDirectory({ seed: 9, users: 3000, groups: 200, devices: 1500 });
    expect(b.inventory.systems().map((s) => s._id)).toEqual(a.inventory.systems().map((s) => s._id));
    expect(b.groups().map((g) => a.membersOf(g.id).length)).toEqual(
      a.groups().map((g) => a.membersOf(g.id).length),
    );
  });
});
