// The declarations the gates act on must tell the truth: each write constructor's kind and targets are what
// JumpCloud (the simulator, held to the spec) records when the write is sent; and an action cannot send a
// write its catalog entry does not declare.
import { describe, expect, it } from 'vitest';
import { ioFor, type ActionCall } from '../../src/activities/actionCall.js';
import { TargetResolver } from '../../src/activities/guardrails/targets.js';
import { jumpcloudWrites, type JumpCloudWrite } from '../../src/activities/jumpcloud/writes.js';
import type { WriteOp } from '../../src/catalog/index.js';
import { expectNonRetryable, useActivities } from './harness.js';

const h = useActivities();

/** The simulator's audit name for each kind of write: what JumpCloud says happened. */
const AUDITED_AS: Record<Exclude<WriteOp, 'notify.message' | 'http.request'>, string> = {
  'user.create': 'systemuser.create',
  'user.update': 'systemuser.update',
  'user.suspend': 'systemuser.suspend',
  'user.activate': 'systemuser.activate',
  'user.resetMfa': 'systemuser.resetmfa',
  'user.expirePassword': 'systemuser.expire',
  'user.unlock': 'systemuser.unlock',
  'userGroup.create': 'usergroup.create',
  'userGroup.member.add': 'usergroup.member.add',
  'userGroup.member.remove': 'usergroup.member.remove',
  'user.device.remove': 'user.system.unassociate',
};

async function sent(w: JumpCloudWrite): Promise<{ operation: string; targetId: string }[]> {
  const mark = h.mark();
  await h.client.request({ method: w.method, path: w.path, ...(w.body ? { body: w.body } : {}) });
  return h.auditSince(mark).map(({ operation, targetId }) => ({ operation, targetId }));
}

describe('JumpCloud writes: kind and targets as JumpCloud records them', () => {
  it('user state and credentials', async () => {
    const engineer = h.user('engineer')._id;
    const locked = h.user('locked')._id;
    const staged = h.user('newHire')._id;
    const cases: [JumpCloudWrite, string][] = [
      [jumpcloudWrites.updateUser(engineer, { jobTitle: 'Staff Engineer' }), AUDITED_AS['user.update']],
      [jumpcloudWrites.suspendUser(engineer), AUDITED_AS['user.suspend']],
      // Unsuspending is an activation to idflow (and to the guardrails), a PUT of the state to JumpCloud.
      [jumpcloudWrites.unsuspendUser(engineer), 'systemuser.update'],
      [jumpcloudWrites.activateStagedUser(staged, false), AUDITED_AS['user.activate']],
      [jumpcloudWrites.resetMfa(engineer, { exclusion: false }), AUDITED_AS['user.resetMfa']],
      [jumpcloudWrites.expirePassword(engineer), AUDITED_AS['user.expirePassword']],
      [jumpcloudWrites.unlockUser(locked), AUDITED_AS['user.unlock']],
    ];
    for (const [w, operation] of cases)
      expect(await sent(w), w.op).toEqual([{ operation, targetId: w.users[0] }]);
    expect(h.user('engineer').state).toBe('ACTIVATED');
  });

  it('creations name what they create', async () => {
    const user = jumpcloudWrites.createUser({ email: 'writes.test@example.com', username: 'writes.test' });
    expect(user.creates).toEqual({ kind: 'users', name: 'writes.test@example.com' });
    expect((await sent(user)).map((a) => a.operation)).toEqual([AUDITED_AS['user.create']]);
    const group = jumpcloudWrites.createUserGroup('Writes Test', undefined);
    expect(group.creates).toEqual({ kind: 'userGroups', name: 'Writes Test' });
    expect((await sent(group)).map((a) => a.operation)).toEqual([AUDITED_AS['userGroup.create']]);
  });

  it('memberships and device bindings', async () => {
    const engineer = h.user('engineer')._id;
    const group = await h.client.request<{ id: string }>({
      method: 'POST',
      path: '/api/v2/usergroups',
      body: { name: 'Writes Test Members' },
    });
    for (const op of ['add', 'remove'] as const) {
      const w = jumpcloudWrites.groupMembership(op, group.id, engineer);
      expect({ users: w.users, userGroups: w.userGroups }).toEqual({
        users: [engineer],
        userGroups: [group.id],
      });
      expect(await sent(w)).toEqual([
        { operation: AUDITED_AS[w.op as keyof typeof AUDITED_AS], targetId: group.id },
      ]);
    }
    const laptop = h.system('jordan-mbp')._id;
    const unbind = jumpcloudWrites.unbindDevice(engineer, laptop);
    expect({ users: unbind.users, systems: unbind.systems }).toEqual({
      users: [engineer],
      systems: [laptop],
    });
    expect(await sent(unbind)).toEqual([{ operation: AUDITED_AS['user.device.remove'], targetId: engineer }]);
  });
});

describe('the write door', () => {
  it('refuses a write the action does not declare, before anything is sent', async () => {
    let sends = 0;
    const call: ActionCall = {
      action: 'jumpcloud.group.addMember',
      input: {},
      context: undefined,
      workflowId: 'w',
      activityId: 'a',
      read: h.client,
      targets: new TargetResolver(h.client),
      send: () => {
        sends += 1;
        return Promise.resolve(undefined);
      },
    };
    const io = ioFor(call, new Set<WriteOp>(['userGroup.member.add']));
    const mark = h.mark();
    await expectNonRetryable(
      io.write(jumpcloudWrites.suspendUser(h.user('ceo')._id)),
      'IdflowUndeclaredWrite',
    );
    expect({ sends, audit: h.auditSince(mark) }).toEqual({ sends: 0, audit: [] });
  });
});

describe('the run context beside the arguments', () => {
  const context = { workflowId: 'w', playbook: 'access-request', planHash: 'h' };

  it('a dry run answers { output, effects } and sends nothing; a real run answers the output alone', async () => {
    const args = { groupId: '', userId: h.user('helpDesk')._id };
    const support = h.sim.directory.groupByName('Support');
    if (!support) throw new Error('fixture group missing');
    args.groupId = support.id;
    const mark = h.mark();
    const dry = (await h.acts['jumpcloud.group.addMember'](args, {
      ...context,
      dryRun: true,
      effects: [],
    })) as unknown as { output: { changed: boolean; note: string }; effects: { op: string; text: string }[] };
    expect(h.auditSince(mark)).toEqual([]);
    expect(dry.effects).toEqual([
      expect.objectContaining({ op: 'userGroup.member.add', users: [args.userId], userGroups: [support.id] }),
    ]);
    expect(dry.output).toEqual({ changed: true, note: dry.effects[0]?.text });
    expect(dry.effects[0]?.text).toMatch(/^would add .+ to Support$/);

    const real = await h.acts['jumpcloud.group.addMember'](args, context);
    expect(real).toEqual({ changed: true, note: 'added to the group' });
    expect(h.auditSince(mark).map((a) => a.operation)).toEqual(['usergroup.member.add']);
  });

  it('still accepts the context spliced into the arguments (runs started before it travelled beside them)', async () => {
    const userId = h.user('helpDesk')._id;
    const group = h.sim.directory.groupByName('Support');
    if (!group) throw new Error('fixture group missing');
    const mark = h.mark();
    const legacy = (await h.run('jumpcloud.group.removeMember', {
      groupId: group.id,
      userId,
      $idflow: { ...context, dryRun: true, effects: [] },
    })) as Record<string, unknown>;
    expect(h.auditSince(mark)).toEqual([]);
    expect(legacy).toMatchObject({
      changed: true,
      $idflow: { dryRun: { effects: [expect.objectContaining({ op: 'userGroup.member.remove' })] } },
    });
  });
});
