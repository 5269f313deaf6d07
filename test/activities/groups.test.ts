// jumpcloud.group.* against the simulator.
import { describe, expect, it } from 'vitest';
import { expectNonRetryable, MISSING_ID, useActivities } from './harness.js';

const h = useActivities();

describe('jumpcloud.group.find', () => {
  it('finds by name and by id; JumpCloudNotFound otherwise', async () => {
    const byName = await h.run('jumpcloud.group.find', { name: 'IT Admins' });
    expect(byName).toMatchObject({ name: 'IT Admins', description: 'IT Admins (managed by IT)' });
    expect(await h.run('jumpcloud.group.find', { id: byName.id })).toEqual(byName);
    await expectNonRetryable(h.run('jumpcloud.group.find', { name: 'Nope' }), 'JumpCloudNotFound');
  });
});

describe('jumpcloud.group.create', () => {
  it('creates once; the same name again returns the group unchanged', async () => {
    const mark = h.mark();
    const first = await h.run('jumpcloud.group.create', { name: 'Data Platform', description: 'Data team' });
    expect(first).toMatchObject({
      changed: true,
      group: { name: 'Data Platform', description: 'Data team' },
    });
    const again = await h.run('jumpcloud.group.create', { name: 'Data Platform', description: 'other' });
    expect(again).toEqual({
      changed: false,
      note: 'a group with this name already exists',
      group: first.group,
    });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['usergroup.create']);
  });
});

describe('membership', () => {
  it('addMember once, then "already a member"; removeMember once, then "not a member"', async () => {
    const group = await h.run('jumpcloud.group.find', { name: 'Contractors' });
    const userId = h.user('engineer')._id;
    const mark = h.mark();
    expect(await h.run('jumpcloud.group.addMember', { groupId: group.id, userId })).toEqual({
      changed: true,
      note: 'added to the group',
    });
    expect(await h.run('jumpcloud.group.addMember', { groupId: group.id, userId })).toEqual({
      changed: false,
      note: 'already a member',
    });
    expect(await h.run('jumpcloud.group.removeMember', { groupId: group.id, userId })).toMatchObject({
      changed: true,
    });
    expect(await h.run('jumpcloud.group.removeMember', { groupId: group.id, userId })).toEqual({
      changed: false,
      note: 'not a member',
    });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual([
      'usergroup.member.add',
      'usergroup.member.remove',
    ]);
  });

  it('fails JumpCloudNotFound for an unknown group', async () => {
    await expectNonRetryable(
      h.run('jumpcloud.group.addMember', { groupId: MISSING_ID, userId: h.user('engineer')._id }),
      'JumpCloudNotFound',
    );
  });
});

describe('jumpcloud.group.members', () => {
  it('lists the members with their state, sorted by email', async () => {
    const group = await h.run('jumpcloud.group.find', { name: 'IT Admins' });
    const out = await h.run('jumpcloud.group.members', { groupId: group.id });
    expect(out.emails).toEqual([h.user('itManager').email, h.user('sysadmin').email]);
    expect(out.members[0]).toEqual({
      id: h.user('itManager')._id,
      email: h.user('itManager').email,
      username: h.user('itManager').username,
      displayName: 'Alex Rivera',
      state: 'ACTIVATED',
    });
    expect(out.count).toBe(2);
  });

  it('pages through a large group', async () => {
    const group = await h.run('jumpcloud.group.find', { name: 'All Staff' });
    const out = await h.run('jumpcloud.group.members', { groupId: group.id });
    expect(out.count).toBe(h.sim.directory.membersOf(group.id).length);
    expect(out.count).toBeGreaterThan(30);
  });

  it('fails JumpCloudNotFound for an unknown group', async () => {
    await expectNonRetryable(h.run('jumpcloud.group.members', { groupId: MISSING_ID }), 'JumpCloudNotFound');
  });
});
