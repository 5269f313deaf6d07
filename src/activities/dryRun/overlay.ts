// What a dry run's reads must show: the directory as it would be had the run's earlier writes been sent.
// Applied to JumpCloud's answers (users, memberships, device bindings), so every action family reads the
// would-be state without knowing it is in a dry run: the offboarding's verification finds nothing left,
// the onboarding's new user (a stand-in id) can be added to groups and activated.
import type { DryRunEffect } from '../../workflows/actionContext.js';

type Json = { [key: string]: unknown };

/** Stand-in ids for objects a dry run would create: an ObjectId whose timestamp is 0, never a real one. */
const PLACEHOLDER = /^00000000[0-9a-f]{16}$/;

export function isPlaceholder(id: string): boolean {
  return PLACEHOLDER.test(id);
}

const NOT_ENROLLED = {
  overallStatus: 'NOT_ENROLLED',
  totpStatus: 'NOT_ENROLLED',
  webAuthnStatus: 'NOT_ENROLLED',
  pushStatus: 'NOT_ENROLLED',
};

/** A user record (v1 systemuser) with the effects on that user applied, in order. */
export function overlayUser(
  record: Json | undefined,
  id: string,
  effects: readonly DryRunEffect[],
): Json | undefined {
  let out = record ? { ...record } : undefined;
  for (const e of effects) {
    if (e.op === 'user.create' && e.placeholderId === id) out = { ...(e.body ?? {}) };
    if (!out || !e.users?.includes(id)) continue;
    switch (e.op) {
      case 'user.update':
        out = { ...out, ...(e.body ?? {}) };
        break;
      case 'user.suspend':
        out = { ...out, state: 'SUSPENDED', suspended: true };
        break;
      case 'user.activate':
        out = { ...out, state: 'ACTIVATED', suspended: false, activated: true };
        break;
      case 'user.resetMfa':
        out = {
          ...out,
          totp_enabled: false,
          mfa: { configured: false, exclusion: e.body?.exclusion === true },
          mfaEnrollment: NOT_ENROLLED,
        };
        break;
      case 'user.expirePassword':
        out = { ...out, password_expired: true };
        break;
      case 'user.unlock':
        out = { ...out, account_locked: false };
        break;
      default:
        break;
    }
  }
  return out;
}

/** Users the dry run would have created, as records. */
export function createdUsers(effects: readonly DryRunEffect[]): Json[] {
  return effects
    .filter((e) => e.op === 'user.create' && e.placeholderId !== undefined)
    .map((e) => overlayUser(undefined, e.placeholderId ?? '', effects))
    .filter((u): u is Json => u !== undefined);
}

/** User groups the dry run would have created. */
export function createdGroups(effects: readonly DryRunEffect[]): Json[] {
  return effects
    .filter((e) => e.op === 'userGroup.create' && e.placeholderId !== undefined)
    .map((e) => ({ ...(e.body ?? {}), id: e.placeholderId, type: 'user_group', attributes: null }));
}

/** The last membership change per (user, group) and binding change per (user, system). */
function lastOps(effects: readonly DryRunEffect[]): {
  member: Map<string, 'add' | 'remove'>;
  device: Map<string, 'add' | 'remove'>;
} {
  const member = new Map<string, 'add' | 'remove'>();
  const device = new Map<string, 'add' | 'remove'>();
  for (const e of effects) {
    const user = e.users?.[0] ?? '';
    if (e.op === 'userGroup.member.add' || e.op === 'userGroup.member.remove')
      member.set(`${user}|${e.userGroups?.[0] ?? ''}`, e.op.endsWith('add') ? 'add' : 'remove');
    if (e.op === 'user.device.remove') device.set(`${user}|${e.systems?.[0] ?? ''}`, 'remove');
  }
  return { member, device };
}

type Hop = { to?: { id?: string; type?: string } };
type WithPaths = { id?: string; type?: string; paths?: Hop[][] };
type Edge = { to?: { id?: string; type?: string } };

function directObject(id: string, type: string): WithPaths {
  return { id, type, paths: [[{ to: { id, type } }]] };
}

/**
 * A v2 list as it would read after the effects. Handles the lists the action families read memberships
 * and bindings from; any other list is returned unchanged.
 */
export function overlayList(path: string, items: unknown[], effects: readonly DryRunEffect[]): unknown[] {
  if (effects.length === 0) return items;
  const { member, device } = lastOps(effects);
  let m: RegExpExecArray | null;

  if ((m = /^\/api\/v2\/users\/([^/]+)\/memberof$/.exec(path))) {
    const user = decodeURIComponent(m[1] ?? '');
    const out = (items as WithPaths[])
      .map((o) => ({
        ...o,
        paths: (o.paths ?? []).filter((p) => member.get(`${user}|${p[0]?.to?.id ?? ''}`) !== 'remove'),
      }))
      .filter((o) => o.paths.length > 0);
    for (const [key, op] of member) {
      const [u, group] = key.split('|');
      if (u !== user || op !== 'add' || !group) continue;
      const found = out.find((o) => o.id === group);
      if (!found) out.push(directObject(group, 'user_group') as WithPaths & { paths: Hop[][] });
      else if (!found.paths.some((p) => p.length === 1))
        found.paths.push([{ to: { id: group, type: 'user_group' } }]);
    }
    return out;
  }
  if ((m = /^\/api\/v2\/usergroups\/([^/]+)\/members$/.exec(path))) {
    const group = decodeURIComponent(m[1] ?? '');
    const out = (items as Edge[]).filter((e) => member.get(`${e.to?.id ?? ''}|${group}`) !== 'remove');
    for (const [key, op] of member) {
      const [user, g] = key.split('|');
      if (g !== group || op !== 'add' || !user) continue;
      if (!out.some((e) => e.to?.id === user)) out.push({ to: { id: user, type: 'user' } });
    }
    return out;
  }
  if ((m = /^\/api\/v2\/users\/([^/]+)\/associations$/.exec(path))) {
    const user = decodeURIComponent(m[1] ?? '');
    const out = (items as Edge[]).filter(
      (e) => e.to?.type !== 'system' || device.get(`${user}|${e.to.id ?? ''}`) !== 'remove',
    );
    for (const [key, op] of device) {
      const [u, system] = key.split('|');
      if (u === user && op === 'add' && system && !out.some((e) => e.to?.id === system))
        out.push({ to: { id: system, type: 'system' } });
    }
    return out;
  }
  if ((m = /^\/api\/v2\/users\/([^/]+)\/systems$/.exec(path))) {
    const user = decodeURIComponent(m[1] ?? '');
    return (items as WithPaths[])
      .map((o) => ({
        ...o,
        paths: (o.paths ?? []).filter((p) => {
          // A direct binding that would be removed, or reach through a group the user would leave.
          if (p.length === 1) return device.get(`${user}|${o.id ?? ''}`) !== 'remove';
          const first = p[0]?.to;
          return !(first?.type === 'user_group' && member.get(`${user}|${first.id ?? ''}`) === 'remove');
        }),
      }))
      .filter((o) => o.paths.length > 0);
  }
  return items;
}

/** The `field:$op:value` filters the user lookups use, applied to stand-in users. */
export function matchesV1Filter(user: Json, filters: readonly string[]): boolean {
  return filters.every((f) => {
    const m = /^([^:]+):\$(eq|in):(.*)$/.exec(f);
    if (!m) return false;
    const field = user[m[1] ?? ''];
    const value = typeof field === 'string' ? field : '';
    return m[2] === 'eq'
      ? value.toLowerCase() === (m[3] ?? '').toLowerCase()
      : (m[3] ?? '').split('|').includes(value);
  });
}

/** The `name:eq:value` filter of group lookups, applied to stand-in groups. */
export function matchesV2Filter(group: Json, filter: string | undefined): boolean {
  if (!filter) return true;
  return filter.split(',').every((f) => {
    const m = /^([^:]+):eq:(.*)$/.exec(f);
    const field = m ? group[m[1] ?? ''] : undefined;
    return m !== null && typeof field === 'string' && field === m[2];
  });
}
