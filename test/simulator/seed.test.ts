// The seeded directory: deterministic for a seed, realistic, and always holding the documented fixtures.
import { describe, expect, it } from 'vitest';
import { EXTRA_GROUPS, FIXTURE_USERS, startSimulator } from '../../src/simulator/index.js';
import { seedDirectory } from '../../src/simulator/seed.js';
import { client } from './harness.js';

describe('determinism', () => {
  it('gives the same directory, ids included, for the same seed and size', () => {
    const a = seedDirectory({ seed: 77, users: 120 }).snapshot();
    const b = seedDirectory({ seed: 77, users: 120 }).snapshot();
    expect(b).toEqual(a);
    expect(seedDirectory({ seed: 78, users: 120 }).snapshot()).not.toEqual(a);
  });

  it('serves identical responses from two simulators started with the same seed', async () => {
    const [one, two] = await Promise.all([startSimulator({ seed: 4 }), startSimulator({ seed: 4 })]);
    try {
      expect(one.orgId).toBe(two.orgId);
      for (const url of [
        '/api/systemusers?limit=100',
        '/api/v2/usergroups?limit=100',
        '/api/organizations',
        '/api/systems?limit=100',
        '/api/applications?limit=100',
        '/api/v2/systemgroups',
      ]) {
        const [a, b] = await Promise.all([client(one).get(url), client(two).get(url)]);
        expect(b.text).toBe(a.text);
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('keeps user ids independent of a given orgId', () => {
    const plain = seedDirectory({ seed: 5, users: 30 });
    const withOrg = seedDirectory({ seed: 5, users: 30, orgId: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(withOrg.users().map((u) => u._id)).toEqual(plain.users().map((u) => u._id));
  });
});

describe('fixtures', () => {
  it.each([1, 25, 300])('exist for users=%i', (users) => {
    const directory = seedDirectory({ seed: 1, users });
    expect(directory.users().length).toBe(Math.max(users, Object.keys(FIXTURE_USERS).length));
    for (const fixture of Object.values(FIXTURE_USERS)) {
      const user = directory.findUserByEmail(fixture.email);
      expect(user?.username).toBe(fixture.username);
    }
    const itAdmins = directory.groupByName('IT Admins')!;
    expect(directory.membersOf(itAdmins.id).map((id) => directory.getUser(id)?.username)).toEqual([
      FIXTURE_USERS.itManager.username,
      FIXTURE_USERS.sysadmin.username,
    ]);
    expect(directory.groupByName('Engineering')).toBeDefined();
    for (const name of EXTRA_GROUPS) expect(directory.groupByName(name)).toBeDefined();
    expect(directory.findUserByUsername(FIXTURE_USERS.newHire.username)?.state).toBe('STAGED');
    expect(directory.findUserByUsername(FIXTURE_USERS.suspended.username)).toMatchObject({
      state: 'SUSPENDED',
      suspended: true,
    });
    expect(directory.findUserByUsername(FIXTURE_USERS.locked.username)?.account_locked).toBe(true);
    expect(directory.groupsOf(directory.findUserByUsername(FIXTURE_USERS.newHire.username)!._id)).toEqual([]);
  });
});

describe('realism', () => {
  const directory = seedDirectory({ seed: 1, users: 250 });
  const users = directory.users();

  it('has unique usernames and emails on one domain', () => {
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(users.every((u) => u.email === `${u.username}@example.com`)).toBe(true);
  });

  it('mixes states, mostly ACTIVATED, with consistent flags', () => {
    const count = (state: string) => users.filter((u) => u.state === state).length;
    expect(count('ACTIVATED')).toBeGreaterThan(users.length * 0.75);
    expect(count('STAGED')).toBeGreaterThan(2);
    expect(count('SUSPENDED')).toBeGreaterThan(2);
    for (const user of users) {
      expect(user.suspended).toBe(user.state === 'SUSPENDED');
      if (user.state === 'ACTIVATED') expect(user.activated).toBe(true);
      if (user.state === 'STAGED') expect(user.activated).toBe(false);
      expect(user.totp_enabled).toBe(user.mfa.configured);
      expect(user.account_locked_date !== null).toBe(user.account_locked);
    }
  });

  it('gives everyone a department and title, and a manager who is a user (heads report to the CEO)', () => {
    const ceo = directory.findUserByUsername(FIXTURE_USERS.ceo.username)!;
    expect(ceo.manager).toBeUndefined();
    const departments = new Set(users.map((u) => u.department));
    expect([...departments].sort()).toEqual([
      'Engineering',
      'Finance',
      'IT',
      'Legal',
      'Marketing',
      'Operations',
      'People',
      'Sales',
      'Support',
    ]);
    for (const user of users) {
      expect(user.jobTitle).not.toBe('');
      if (user._id !== ceo._id) expect(directory.getUser(user.manager ?? '')).toBeDefined();
    }
  });

  it('puts every non-STAGED person in their department group and All Staff', () => {
    const allStaff = directory.groupByName('All Staff')!;
    for (const user of users.filter((u) => u.state !== 'STAGED')) {
      expect(directory.isMember(directory.groupByName(user.department)!.id, user._id)).toBe(true);
      expect(directory.isMember(allStaff.id, user._id)).toBe(true);
    }
  });

  it('creates records in _id order from a fixed epoch, in the past', () => {
    const created = users.map((u) => u.created);
    expect(created).toEqual([...created].sort());
    expect(created[0]! >= '2024-01-08').toBe(true);
    expect(created.at(-1)! < '2026-01-10').toBe(true);
  });
});
