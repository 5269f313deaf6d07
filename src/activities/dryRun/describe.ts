// Would-be changes in words an operator reads: "would add jordan.lee@example.com to Support".
import type { TargetResolver } from '../guardrails/targets.js';
import type { JumpCloudWrite } from '../jumpcloud/writes.js';

async function userLabel(t: TargetResolver, id: string | undefined): Promise<string> {
  if (!id) return 'a user';
  const u = await t.user(id);
  return u?.email || u?.username || `user ${id}`;
}

async function groupLabel(t: TargetResolver, id: string | undefined): Promise<string> {
  if (!id) return 'a group';
  return (await t.userGroup(id))?.name || `group ${id}`;
}

async function systemLabel(t: TargetResolver, id: string | undefined): Promise<string> {
  if (!id) return 'a device';
  const s = await t.system(id);
  return s?.name ? `device ${s.name}` : `device ${id}`;
}

export async function describeWrite(w: JumpCloudWrite, t: TargetResolver): Promise<string> {
  const user = (): Promise<string> => userLabel(t, w.users[0]);
  switch (w.op) {
    case 'user.create':
      return `would create user ${w.creates?.name ?? ''} (${typeof w.body?.state === 'string' ? w.body.state : 'ACTIVATED'})`;
    case 'user.update':
      return `would update ${await user()}: ${Object.keys(w.body ?? {}).join(', ')}`;
    case 'user.suspend':
      return `would suspend ${await user()}`;
    case 'user.activate':
      return `would activate ${await user()}`;
    case 'user.resetMfa':
      return `would reset the MFA of ${await user()}`;
    case 'user.expirePassword':
      return `would expire the password of ${await user()}`;
    case 'user.unlock':
      return `would unlock ${await user()}`;
    case 'userGroup.create':
      return `would create user group ${w.creates?.name ?? ''}`;
    case 'userGroup.member.add':
      return `would add ${await user()} to ${await groupLabel(t, w.userGroups[0])}`;
    case 'userGroup.member.remove':
      return `would remove ${await user()} from ${await groupLabel(t, w.userGroups[0])}`;
    case 'user.device.remove':
      return `would unbind ${await user()} from ${await systemLabel(t, w.systems[0])}`;
    default: {
      const ids = [...w.users, ...w.userGroups, ...w.systemGroups, ...w.applications, ...w.systems];
      return `would ${w.op} (${ids.join(', ')})`;
    }
  }
}
