// Devices, device groups, applications and the graph: the documented fixtures (deviceFixtures.ts), the
// traversals' paths, and the audit of association changes. Every response is also spec-checked (harness).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphConnection, GraphObjectWithPaths, System } from '../../src/jumpcloud/types.js';
import { DEVICE_FIXTURES, FIXTURE_USERS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { seedDirectory } from '../../src/simulator/seed.js';
import { client, type Client, type V1List } from './harness.js';

const NOW = new Date('2026-05-20T15:30:00.000Z');
let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, users: 60, clock: () => NOW });
  api = client(sim);
});
afterAll(() => sim.close());

let auditBefore = 0;
beforeEach(() => {
  auditBefore = sim.audit().length;
});
const newAudit = () => sim.audit().slice(auditBefore);
const userId = (key: keyof typeof FIXTURE_USERS): string =>
  sim.directory.findUserByUsername(FIXTURE_USERS[key].username)!._id;
const systemId = (hostname: string): string => sim.directory.inventory.systemByHostname(hostname)!._id;
const hops = (o: GraphObjectWithPaths): string[][] => o.paths.map((p) => p.map((c) => c.to.type));

describe('seeded devices', () => {
  it('has every documented fixture device, last contact counted back from the start day', async () => {
    const { body } = await api.get<V1List<System>>('/api/systems?limit=100&filter=hostname:$eq:morgan-mbp');
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({
      osFamily: 'darwin',
      os: 'Mac OS X',
      version: '13.6',
      fde: { active: true, keyPresent: false },
      primarySystemUser: { id: userId('engManager') },
      lastContact: new Date(Date.parse('2026-05-20T00:00:00.000Z') - 100 * 86_400_000).toISOString(),
      active: false,
    });
    for (const spec of DEVICE_FIXTURES)
      expect(sim.directory.inventory.systemByHostname(spec.hostname)).toBeDefined();
    expect(sim.directory.inventory.systemByHostname('jamie-desktop')?.fde.active).toBe(false);
    expect(sim.directory.inventory.systemByHostname('loaner-01')?.lastContact).toBeNull();
  });

  it('gives most other people a laptop, deterministically', () => {
    const a = seedDirectory({ seed: 9, users: 80 }).snapshot();
    const b = seedDirectory({ seed: 9, users: 80 }).snapshot();
    expect(b.systems).toEqual(a.systems);
    expect(b.associations).toEqual(a.associations);
    expect(a.systems.length).toBeGreaterThan(40);
    // The devices come after the people: the users are the same with or without them.
    expect(a.users.map((u) => u._id)).toEqual(
      seedDirectory({ seed: 9, users: 80 })
        .users()
        .map((u) => u._id),
    );
  });

  it('filters systems on nested fields and searches hostnames', async () => {
    const unencrypted = await api.get<V1List<System>>('/api/systems?limit=100&filter=fde.active:$eq:false');
    expect(unencrypted.body.results.every((s) => s.fde?.active === false)).toBe(true);
    const search = await api.get<V1List<System>>('/api/systems?search=loaner');
    expect(search.body.results.map((s) => s.hostname)).toEqual(['loaner-01']);
  });
});

describe('traversals', () => {
  it("a user's systems: direct, through a user group, and through user group → device group", async () => {
    const engineer = await api.get<GraphObjectWithPaths[]>(`/api/v2/users/${userId('engineer')}/systems`);
    expect(engineer.body.map((o) => [o.id, hops(o)])).toEqual(
      [
        [systemId('jordan-mbp'), [['system']]],
        [systemId('build-01'), [['user_group', 'system']]],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    const sysadmin = await api.get<GraphObjectWithPaths[]>(`/api/v2/users/${userId('sysadmin')}/systems`);
    const db = sysadmin.body.find((o) => o.id === systemId('db-01'))!;
    expect(hops(db)).toEqual([['user_group', 'system_group', 'system']]);
    expect(db.compiledAttributes).toEqual({ sudo: { enabled: true, withoutPassword: false } });
  });

  it("a system's users walk the same edges backwards", async () => {
    const { body } = await api.get<GraphObjectWithPaths[]>(
      `/api/v2/systems/${systemId('db-01')}/users?limit=100`,
    );
    expect(body.map((o) => o.id).sort()).toEqual([userId('itManager'), userId('sysadmin')].sort());
    expect(hops(body[0]!)).toEqual([['system_group', 'user_group', 'user']]);
  });

  it("an application's users and groups, and a user's applications", async () => {
    const jira = sim.directory.applications.list().find((a) => a.name === 'jira')!;
    const users = await api.get<GraphObjectWithPaths[]>(`/api/v2/applications/${jira._id}/users?limit=100`);
    const engineer = users.body.find((o) => o.id === userId('engineer'))!;
    expect(hops(engineer).sort()).toEqual([['user'], ['user_group', 'user']].sort());
    const groups = await api.get<GraphObjectWithPaths[]>(`/api/v2/applications/${jira._id}/usergroups`);
    expect(groups.body.map((g) => sim.directory.getGroup(g.id)?.name).sort()).toEqual([
      'Engineering',
      'Support',
    ]);
    const apps = await api.get<GraphObjectWithPaths[]>(
      `/api/v2/users/${userId('engineer')}/applications?limit=100`,
    );
    expect(apps.body.map((a) => sim.directory.applications.get(a.id)?.name).sort()).toEqual(
      ['awsiamidentitycenter', 'github', 'googleworkspace', 'jira', 'slack', 'zoom'].sort(),
    );
  });

  it('pages a traversal', async () => {
    const slack = sim.directory.applications.list().find((a) => a.name === 'slack')!;
    const all = await api.get<GraphObjectWithPaths[]>(`/api/v2/applications/${slack._id}/users?limit=100`);
    const page = await api.get<GraphObjectWithPaths[]>(
      `/api/v2/applications/${slack._id}/users?limit=5&skip=5`,
    );
    expect(page.body).toEqual(all.body.slice(5, 10));
    expect(page.headers.get('x-total-count')).toBe(String(all.body.length));
  });
});

describe('associations', () => {
  it('binds and unbinds a user and a device from either side, audited once under one name', async () => {
    const user = userId('helpDesk');
    const loaner = systemId('loaner-01');
    expect(
      (await api.post(`/api/v2/users/${user}/associations`, { op: 'add', type: 'system', id: loaner }))
        .status,
    ).toBe(204);
    const listed = await api.get<GraphConnection[]>(`/api/v2/systems/${loaner}/associations?targets=user`);
    expect(listed.body).toEqual([{ attributes: null, to: { attributes: null, id: user, type: 'user' } }]);
    expect(
      (await api.post(`/api/v2/systems/${loaner}/associations`, { op: 'remove', type: 'user', id: user }))
        .status,
    ).toBe(204);
    expect(newAudit()).toMatchObject([
      {
        operation: 'user.system.associate',
        targetId: user,
        detail: { systemId: loaner },
        at: NOW.toISOString(),
      },
      { operation: 'user.system.unassociate', targetId: user, detail: { systemId: loaner } },
    ]);
  });

  it('updates sudo on an existing binding; a device-group membership change is audited too', async () => {
    const user = userId('sysadmin');
    const ws = systemId('priya-ws');
    const update = {
      op: 'update',
      type: 'system',
      id: ws,
      attributes: { sudo: { enabled: false, withoutPassword: false } },
    };
    expect((await api.post(`/api/v2/users/${user}/associations`, update)).status).toBe(204);
    const servers = sim.directory.inventory.systemGroupByName('Servers')!;
    await api.post(`/api/v2/systemgroups/${servers.id}/members`, { op: 'add', type: 'system', id: ws });
    expect(newAudit().map((e) => e.operation)).toEqual(['user.system.update', 'systemgroup.member.add']);
  });

  it('refuses a user ↔ user group association (that is group membership)', async () => {
    const group = sim.directory.groupByName('Sales')!;
    const response = await api.post(`/api/v2/users/${userId('engineer')}/associations`, {
      op: 'add',
      type: 'user_group',
      id: group.id,
    });
    expect(response.status).toBe(400);
  });
});
