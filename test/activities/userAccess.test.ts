// A user's groups and devices, and the offboarding sweeps, against the seeded fixtures
// (src/simulator/fixtures.ts and deviceFixtures.ts).
import { describe, expect, it } from 'vitest';
import { expectNonRetryable, MISSING_ID, useActivities } from './harness.js';

const h = useActivities();

describe('jumpcloud.user.groups', () => {
  it("lists the user's groups by name", async () => {
    const out = await h.run('jumpcloud.user.groups', { userId: h.user('itManager')._id });
    expect(out.names).toEqual(['All Staff', 'IT', 'IT Admins', 'Managers', 'VPN Users']);
    expect(out.count).toBe(5);
    expect(out.groups[0]).toMatchObject({ name: 'All Staff', description: 'All Staff (managed by IT)' });
  });

  it('is empty for someone in no group, and JumpCloudNotFound for nobody', async () => {
    expect(await h.run('jumpcloud.user.groups', { userId: h.user('newHire')._id })).toEqual({
      count: 0,
      names: [],
      groups: [],
    });
    await expectNonRetryable(h.run('jumpcloud.user.groups', { userId: MISSING_ID }), 'JumpCloudNotFound');
  });
});

describe('jumpcloud.user.devices', () => {
  it('lists direct and group bindings with OS, encryption, last contact and owner', async () => {
    const engineer = h.user('engineer');
    const engineering = h.sim.directory.groupByName('Engineering')!;
    const out = await h.run('jumpcloud.user.devices', { userId: engineer._id });
    expect(out.devices.map((d) => [d.hostname, d.direct, d.viaGroups])).toEqual([
      ['build-01', false, [engineering.id]],
      ['jordan-mbp', true, []],
    ]);
    expect(out).toMatchObject({ count: 2, directCount: 1 });
    expect(out.devices[1]).toMatchObject({
      osFamily: 'darwin',
      os: 'Mac OS X',
      version: '14.5',
      encrypted: true,
      encryptionKeyEscrowed: true,
      active: true,
      owner: { id: engineer._id, email: engineer.email },
    });
    expect(Date.parse(out.devices[1]!.lastContact!)).toBeGreaterThan(Date.now() - 2 * 86_400_000);
  });

  it('reaches servers through user group → device group bindings', async () => {
    const out = await h.run('jumpcloud.user.devices', { userId: h.user('sysadmin')._id });
    const itAdmins = h.sim.directory.groupByName('IT Admins')!;
    const servers = h.sim.directory.inventory.systemGroupByName('Servers')!;
    expect(out.devices.map((d) => d.hostname)).toEqual(['build-01', 'db-01', 'priya-ws']);
    expect(out.devices.find((d) => d.hostname === 'db-01')?.viaGroups).toEqual(
      [itAdmins.id, servers.id].sort(),
    );
  });
});

describe('jumpcloud.user.removeFromAllGroups', () => {
  it('removes every direct membership except the kept ones; a repeat removes nothing', async () => {
    const user = h.user('suspended');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.removeFromAllGroups', {
      userId: user._id,
      except: ['All Staff'],
    });
    expect(first).toMatchObject({ changed: true, note: 'removed from 1 group' });
    expect(first.removed.map((g) => g.name)).toEqual(['Sales']);
    expect(first.kept.map((g) => g.name)).toEqual(['All Staff']);
    const again = await h.run('jumpcloud.user.removeFromAllGroups', {
      userId: user._id,
      except: ['All Staff'],
    });
    expect(again).toMatchObject({ changed: false, removed: [], note: 'only in groups kept by `except`' });
    const all = await h.run('jumpcloud.user.removeFromAllGroups', { userId: user._id });
    expect(all.removed.map((g) => g.name)).toEqual(['All Staff']);
    expect((await h.run('jumpcloud.user.removeFromAllGroups', { userId: user._id })).note).toBe(
      'in no groups',
    );
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual([
      'usergroup.member.remove',
      'usergroup.member.remove',
    ]);
    expect(h.sim.directory.groupsOf(user._id)).toEqual([]);
  });

  it('fails JumpCloudNotFound for an unknown user', async () => {
    await expectNonRetryable(
      h.run('jumpcloud.user.removeFromAllGroups', { userId: MISSING_ID }),
      'JumpCloudNotFound',
    );
  });
});

describe('jumpcloud.user.unbindAllDevices', () => {
  it("removes the suspended user's direct binding once; a repeat finds nothing", async () => {
    const user = h.user('suspended');
    const laptop = h.system('riley-laptop');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.unbindAllDevices', { userId: user._id });
    expect(first).toEqual({
      changed: true,
      note: 'unbound 1 device',
      unbound: [{ id: laptop._id, hostname: 'riley-laptop', displayName: 'riley-laptop' }],
      stillBoundViaGroups: [],
    });
    const again = await h.run('jumpcloud.user.unbindAllDevices', { userId: user._id });
    expect(again).toMatchObject({ changed: false, note: 'no device bound directly', unbound: [] });
    expect(h.auditSince(mark)).toMatchObject([
      { operation: 'user.system.unassociate', targetId: user._id, detail: { systemId: laptop._id } },
    ]);
  });

  it('reports devices still reachable through groups', async () => {
    const out = await h.run('jumpcloud.user.unbindAllDevices', { userId: h.user('engineer')._id });
    expect(out.unbound.map((d) => d.hostname)).toEqual(['jordan-mbp']);
    expect(out.stillBoundViaGroups.map((d) => d.hostname)).toEqual(['build-01']);
    expect(out.note).toBe('unbound 1 device; 1 still reachable through groups');
  });
});
