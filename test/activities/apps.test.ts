// jumpcloud.app.* against the seeded applications (src/simulator/deviceFixtures.ts).
import { describe, expect, it } from 'vitest';
import { expectNonRetryable, MISSING_ID, useActivities } from './harness.js';

const h = useActivities();

describe('jumpcloud.app.list', () => {
  it('lists applications by label, and filters by text and activity', async () => {
    const out = await h.run('jumpcloud.app.list', {});
    expect(out.apps.map((a) => a.displayLabel)).toEqual([
      'AWS IAM Identity Center',
      'BambooHR',
      'GitHub Enterprise',
      'Google Workspace',
      'Jira',
      'Legacy Wiki',
      'Salesforce',
      'Slack',
      'Zoom',
    ]);
    expect(out.apps.find((a) => a.name === 'slack')).toMatchObject({
      active: true,
      ssoUrl: 'https://sso.jumpcloud.com/saml2/slack',
    });
    expect((await h.run('jumpcloud.app.list', { search: 'GIT' })).apps.map((a) => a.name)).toEqual([
      'github',
    ]);
    expect((await h.run('jumpcloud.app.list', { active: false })).apps.map((a) => a.name)).toEqual([
      'legacywiki',
    ]);
  });
});

describe('jumpcloud.app.assignments', () => {
  const appId = async (name: string): Promise<string> =>
    (await h.run('jumpcloud.app.list', { search: name })).apps[0]!.id;

  it('lists bound groups and every user, direct and through groups', async () => {
    const out = await h.run('jumpcloud.app.assignments', { appId: await appId('jira') });
    expect(out.app.displayLabel).toBe('Jira');
    expect(out.groups.map((g) => g.name)).toEqual(['Engineering', 'Support']);
    const engineer = h.user('engineer');
    const engineering = h.sim.directory.groupByName('Engineering')!;
    expect(out.users.find((u) => u.id === engineer._id)).toEqual({
      id: engineer._id,
      email: engineer.email,
      username: engineer.username,
      displayName: 'Jordan Lee',
      state: 'ACTIVATED',
      direct: true,
      viaGroups: [engineering.id],
    });
    expect(out.userCount).toBe(out.users.length);
    expect(out.users.map((u) => u.email)).toEqual(
      [...out.users.map((u) => u.email)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('shows the suspended user still assigned to Salesforce', async () => {
    const out = await h.run('jumpcloud.app.assignments', { appId: await appId('salesforce') });
    expect(out.users.find((u) => u.id === h.user('suspended')._id)).toMatchObject({
      state: 'SUSPENDED',
      direct: true,
    });
  });

  it('fails JumpCloudNotFound for an unknown application', async () => {
    await expectNonRetryable(h.run('jumpcloud.app.assignments', { appId: MISSING_ID }), 'JumpCloudNotFound');
  });
});
