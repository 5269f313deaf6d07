// jumpcloud.user.* profile and lifecycle actions against the simulator: each change happens once, a repeat
// is a no-op that says so, and the audit shows a single mutation.
import { describe, expect, it } from 'vitest';
import { expectNonRetryable, MISSING_ID, useActivities } from './harness.js';

// One clock for the simulator and the activities, so computed times (the MFA exclusion's end) are exact.
const clock = (): Date => new Date('2026-03-02T10:00:00.000Z');
const h = useActivities({ clock }, { now: clock });

describe('jumpcloud.user.find', () => {
  it('finds by email, case-insensitively, with the manager resolved and the profile fields', async () => {
    const engineer = h.user('engineer');
    const manager = h.user('engManager');
    const user = await h.run('jumpcloud.user.find', { email: engineer.email.toUpperCase() });
    expect(user).toMatchObject({
      id: engineer._id,
      state: 'ACTIVATED',
      department: 'Engineering',
      company: engineer.company,
      employeeIdentifier: engineer.employeeIdentifier,
      manager: { id: manager._id, email: manager.email },
    });
  });

  it('fails JumpCloudNotFound, not retried, for an unknown user', async () => {
    await expectNonRetryable(
      h.run('jumpcloud.user.find', { email: 'nobody@example.com' }),
      'JumpCloudNotFound',
    );
    await expectNonRetryable(h.run('jumpcloud.user.find', { id: MISSING_ID }), 'JumpCloudNotFound');
  });
});

describe('jumpcloud.user.create', () => {
  it('creates a STAGED user with profile, manager by email and attributes; a repeat returns it unchanged', async () => {
    const manager = h.user('engManager');
    const input = {
      email: 'Taylor.Reed@example.com',
      firstname: 'Taylor',
      lastname: 'Reed',
      jobTitle: 'Data Engineer',
      department: 'Engineering',
      employeeType: 'Full-time',
      employeeIdentifier: 'E90001',
      location: 'Denver, CO',
      manager: manager.email,
      attributes: { startDate: '2026-04-01' },
    };
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.create', input);
    expect(first.changed).toBe(true);
    expect(first.user).toMatchObject({
      email: 'taylor.reed@example.com',
      username: 'taylor.reed',
      state: 'STAGED',
      jobTitle: 'Data Engineer',
      employeeIdentifier: 'E90001',
      manager: { id: manager._id },
      attributes: { startDate: '2026-04-01' },
    });
    const again = await h.run('jumpcloud.user.create', input);
    expect(again).toMatchObject({ changed: false, note: 'a user with this email already exists' });
    expect(again.user.id).toBe(first.user.id);
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.create']);
  });

  it('creates ACTIVATED when asked, with the given username', async () => {
    const created = await h.run('jumpcloud.user.create', {
      email: 'robin.hale@example.com',
      username: 'rhale',
      firstname: 'Robin',
      lastname: 'Hale',
      state: 'ACTIVATED',
    });
    expect(created.user).toMatchObject({ username: 'rhale', state: 'ACTIVATED' });
  });

  it('refuses a username someone else has, and an unknown manager, without retrying', async () => {
    const engineer = h.user('engineer');
    const mark = h.mark();
    await expectNonRetryable(
      h.run('jumpcloud.user.create', {
        email: 'other.person@example.com',
        username: engineer.username,
        firstname: 'O',
        lastname: 'P',
      }),
      'JumpCloudConflict',
    );
    await expectNonRetryable(
      h.run('jumpcloud.user.create', {
        email: 'new.person@example.com',
        firstname: 'N',
        lastname: 'P',
        manager: 'ghost@example.com',
      }),
      'JumpCloudNotFound',
    );
    expect(h.auditSince(mark)).toEqual([]);
  });
});

describe('jumpcloud.user.update', () => {
  it('writes only what differs and names it; a repeat changes nothing', async () => {
    const user = h.user('helpDesk');
    const ceo = h.user('ceo');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.update', {
      userId: user._id,
      jobTitle: 'Senior Help Desk Technician',
      department: user.department,
      manager: ceo._id,
    });
    expect(first).toMatchObject({ changed: true, changedFields: ['jobTitle', 'manager'] });
    expect(first.user).toMatchObject({ jobTitle: 'Senior Help Desk Technician', manager: { id: ceo._id } });
    const again = await h.run('jumpcloud.user.update', {
      userId: user._id,
      jobTitle: 'Senior Help Desk Technician',
      manager: ceo.email,
    });
    expect(again).toMatchObject({ changed: false, note: 'already up to date', changedFields: [] });
    const audit = h.auditSince(mark);
    expect(audit.map((e) => e.operation)).toEqual(['systemuser.update']);
    expect(audit[0]?.detail).toMatchObject({ fields: ['jobTitle', 'manager'] });
  });

  it('clears the manager with an empty string', async () => {
    const user = h.user('sysadmin');
    const cleared = await h.run('jumpcloud.user.update', { userId: user._id, manager: '' });
    expect(cleared).toMatchObject({ changed: true, changedFields: ['manager'] });
    expect(cleared.user.manager).toBeNull();
  });

  it('fails JumpCloudNotFound for an unknown user', async () => {
    await expectNonRetryable(
      h.run('jumpcloud.user.update', { userId: MISSING_ID, jobTitle: 'x' }),
      'JumpCloudNotFound',
    );
  });
});

describe('jumpcloud.user.setAttributes', () => {
  it('merges, removes with null, and is a no-op when nothing differs', async () => {
    const user = h.user('itManager');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.setAttributes', {
      userId: user._id,
      attributes: { badge: '1042', floor: '3' },
    });
    expect(first.user.attributes).toEqual({ badge: '1042', floor: '3' });
    const second = await h.run('jumpcloud.user.setAttributes', {
      userId: user._id,
      attributes: { floor: null, badge: '1042' },
    });
    expect(second).toMatchObject({ changed: true });
    expect(second.user.attributes).toEqual({ badge: '1042' });
    const again = await h.run('jumpcloud.user.setAttributes', {
      userId: user._id,
      attributes: { badge: '1042' },
    });
    expect(again.changed).toBe(false);
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.update', 'systemuser.update']);
  });
});

describe('lifecycle', () => {
  it('suspend: once, then "already suspended"', async () => {
    const user = h.user('engineer');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.suspend', { userId: user._id });
    expect(first).toMatchObject({
      changed: true,
      note: 'suspended',
      user: { state: 'SUSPENDED', suspended: true },
    });
    const again = await h.run('jumpcloud.user.suspend', { userId: user._id });
    expect(again).toMatchObject({ changed: false, note: 'already suspended' });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.suspend']);
  });

  it('activate: a SUSPENDED user is unsuspended with PUT, then "already active"', async () => {
    const user = h.user('engineer');
    await h.run('jumpcloud.user.suspend', { userId: user._id });
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.activate', { userId: user._id });
    expect(first).toMatchObject({ changed: true, note: 'unsuspended', user: { state: 'ACTIVATED' } });
    const again = await h.run('jumpcloud.user.activate', { userId: user._id });
    expect(again).toMatchObject({ changed: false, note: 'already active' });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.update']);
  });

  it('activate: a STAGED user goes through /state/activate', async () => {
    const user = h.user('newHire');
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.activate', { userId: user._id, sendEmail: false });
    expect(first).toMatchObject({ changed: true, note: 'activated', user: { state: 'ACTIVATED' } });
    expect((await h.run('jumpcloud.user.activate', { userId: user._id })).changed).toBe(false);
    expect(h.auditSince(mark).map((e) => [e.operation, e.path])).toEqual([
      ['systemuser.activate', `/api/systemusers/${user._id}/state/activate`],
    ]);
  });

  it('resetMfa: with an enrollment window; a user with nothing enrolled is a no-op', async () => {
    const user = h.user('sysadmin');
    expect(h.user('sysadmin').totp_enabled).toBe(true);
    const mark = h.mark();
    const first = await h.run('jumpcloud.user.resetMfa', { userId: user._id, exclusionDays: 7 });
    expect(first).toMatchObject({ changed: true, user: { mfaConfigured: false } });
    expect(h.user('sysadmin').mfa).toMatchObject({
      exclusion: true,
      exclusionDays: 7,
      exclusionUntil: '2026-03-09T10:00:00.000Z',
    });
    const again = await h.run('jumpcloud.user.resetMfa', { userId: user._id, exclusionDays: 7 });
    expect(again).toMatchObject({ changed: false, note: 'no MFA enrolled: nothing to reset' });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.resetmfa']);
  });

  it('expirePassword: once, then "password already expired"', async () => {
    const user = h.user('ceo');
    const mark = h.mark();
    expect(await h.run('jumpcloud.user.expirePassword', { userId: user._id })).toMatchObject({
      changed: true,
      user: { passwordExpired: true },
    });
    expect(await h.run('jumpcloud.user.expirePassword', { userId: user._id })).toMatchObject({
      changed: false,
      note: 'password already expired',
    });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.expire']);
  });

  it('unlock: the locked fixture once, then "not locked"', async () => {
    const user = h.user('locked');
    const mark = h.mark();
    expect(await h.run('jumpcloud.user.unlock', { userId: user._id })).toMatchObject({
      changed: true,
      user: { accountLocked: false },
    });
    expect(await h.run('jumpcloud.user.unlock', { userId: user._id })).toMatchObject({
      changed: false,
      note: 'not locked',
    });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.unlock']);
  });

  it.each([
    'jumpcloud.user.suspend',
    'jumpcloud.user.activate',
    'jumpcloud.user.resetMfa',
    'jumpcloud.user.expirePassword',
    'jumpcloud.user.unlock',
  ] as const)('%s fails JumpCloudNotFound for an unknown user and changes nothing', async (name) => {
    const mark = h.mark();
    await expectNonRetryable(h.run(name, { userId: MISSING_ID }), 'JumpCloudNotFound');
    expect(h.auditSince(mark)).toEqual([]);
  });
});

describe('a retry after a lost response', () => {
  it('finds the work done and reports changed: false (one mutation in the audit)', async () => {
    const user = h.user('helpDesk');
    const mark = h.mark();
    // The first attempt's answer never arrives: the simulator applies the suspension, the client gives up.
    const lost = h.client.request({ method: 'POST', path: `/api/systemusers/${user._id}/state/suspend` });
    await lost;
    const retry = await h.run('jumpcloud.user.suspend', { userId: user._id });
    expect(retry).toMatchObject({ changed: false, note: 'already suspended' });
    expect(h.auditSince(mark).map((e) => e.operation)).toEqual(['systemuser.suspend']);
  });
});
