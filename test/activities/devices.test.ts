// jumpcloud.device.* against the seeded devices (src/simulator/deviceFixtures.ts).
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { expectNonRetryable, MISSING_ID, useActivities } from './harness.js';

const h = useActivities({ users: 150 });

describe('jumpcloud.device.find', () => {
  it('finds by id, hostname and serial number, with the owner', async () => {
    const laptop = h.system('riley-laptop');
    const owner = h.user('suspended');
    const byId = await h.run('jumpcloud.device.find', { id: laptop._id });
    expect(byId).toMatchObject({
      hostname: 'riley-laptop',
      osFamily: 'windows',
      os: 'Windows',
      version: '11 Pro 23H2',
      encrypted: true,
      owner: { id: owner._id, email: owner.email },
    });
    expect(await h.run('jumpcloud.device.find', { hostname: 'riley-laptop' })).toEqual(byId);
    expect(await h.run('jumpcloud.device.find', { serialNumber: '7RB4K2L' })).toEqual(byId);
  });

  it('a device without owner or contact says null', async () => {
    expect(await h.run('jumpcloud.device.find', { hostname: 'loaner-01' })).toMatchObject({
      owner: null,
      lastContact: null,
      encrypted: false,
      active: false,
    });
  });

  it('fails JumpCloudNotFound for unknown devices', async () => {
    await expectNonRetryable(h.run('jumpcloud.device.find', { id: MISSING_ID }), 'JumpCloudNotFound');
    await expectNonRetryable(h.run('jumpcloud.device.find', { hostname: 'nope' }), 'JumpCloudNotFound');
  });

  it('fails IdflowAmbiguous when a hostname is not unique', async () => {
    h.sim.directory.inventory.addSystem({ hostname: 'twin', osFamily: 'linux' });
    h.sim.directory.inventory.addSystem({ hostname: 'twin', osFamily: 'linux' });
    await expectNonRetryable(h.run('jumpcloud.device.find', { hostname: 'twin' }), 'IdflowAmbiguous');
  });
});

describe('jumpcloud.device.list', () => {
  const all = () => h.sim.directory.inventory.systems();

  it('lists everything sorted by hostname, with count and a limit', async () => {
    const out = await h.run('jumpcloud.device.list', {});
    expect(out.count).toBe(all().length);
    expect(out.count).toBeGreaterThan(100); // more than one page
    expect(out.truncated).toBe(false);
    const names = out.devices.map((d) => d.hostname);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const limited = await h.run('jumpcloud.device.list', { limit: 5 });
    expect(limited).toMatchObject({ count: all().length, truncated: true });
    expect(limited.devices.map((d) => d.hostname)).toEqual(names.slice(0, 5));
  });

  it('filters by OS family and encryption', async () => {
    const out = await h.run('jumpcloud.device.list', { osFamily: 'windows', encrypted: false });
    const expected = all().filter((s) => s.osFamily === 'windows' && !s.fde.active);
    expect(out.count).toBe(expected.length);
    expect(out.devices.map((d) => d.hostname)).toContain('jamie-desktop');
    expect(out.devices.every((d) => d.osFamily === 'windows' && !d.encrypted)).toBe(true);
  });

  it('filters by owner', async () => {
    const owner = h.user('engineer');
    const out = await h.run('jumpcloud.device.list', { ownerUserId: owner._id });
    expect(out.devices.map((d) => d.hostname)).toEqual(['jordan-mbp']);
  });

  it('filters by "not seen for N days" (never seen included) and by a cutoff time', async () => {
    const stale = await h.run('jumpcloud.device.list', { notSeenForDays: 90, osFamily: 'darwin' });
    const names = stale.devices.map((d) => d.hostname);
    expect(names).toContain('morgan-mbp');
    expect(names).toContain('loaner-01');
    expect(names).not.toContain('jordan-mbp');
    const cutoff = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const since = await h.run('jumpcloud.device.list', { notSeenSince: cutoff });
    expect(since.devices.map((d) => d.hostname)).toContain('riley-laptop');
    expect(since.devices.every((d) => d.lastContact === null || d.lastContact < cutoff)).toBe(true);
  });

  it('refuses both notSeenSince and notSeenForDays', async () => {
    await expectNonRetryable(
      h.run('jumpcloud.device.list', { notSeenForDays: 3, notSeenSince: '2026-01-01T00:00:00Z' }),
      'IdflowInvalidArguments',
    );
  });
});

describe('inside an activity', () => {
  it('heartbeats once per page of a long listing', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    let count = 0;
    await env.run(async () => {
      count = (await h.run('jumpcloud.device.list', { limit: 1 })).count;
    });
    const pages = Math.floor(count / 100) + 1;
    expect(beats).toEqual(Array.from({ length: pages }, (_, i) => ({ what: 'systems', page: i + 1 })));
  });

  it('stops a listing when the activity is cancelled', async () => {
    const env = new MockActivityEnvironment();
    env.on('heartbeat', () => env.cancel());
    const outcome = await env
      .run(() => h.run('jumpcloud.device.list', {}))
      .then(
        () => 'completed',
        (error: unknown) => (error as Error).name,
      );
    expect(outcome).toBe('CancelledFailure');
  });
});
