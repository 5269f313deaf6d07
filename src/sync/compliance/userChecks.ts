// The checks about people: MFA for everyone who can log in, nobody suspended who still has access, and
// critical systems and apps reachable only by those authorised.
import { appAccess, systemAccess, type AccessRow } from '../../store/access.js';
import { INDEFINITE } from '../records.js';
import { iso, keyset, namesOf, type CheckContext, type Findings } from './context.js';
import { and, inList, inUserGroupNamed, type Fragment } from './sql.js';
import type { CheckParams, Finding } from './types.js';

interface UserRow extends Record<string, unknown> {
  id: string;
  email: string;
  display_name: string;
  state: string;
}

const user = (row: UserRow): Finding['subject'] => ({ type: 'user', id: row.id, name: row.email });

/** ACTIVATED (by default) users without an enrolled MFA factor, except the excluded and those in grace. */
export function mfaMissing(ctx: CheckContext, p: CheckParams['user.mfaMissing']): Findings {
  const parts: Fragment[] = [
    { sql: 'u.snapshot_id = ? AND u.mfa_configured = 0', params: [ctx.snapshotId] },
    inList('u.state', p.states),
  ];
  if (p.excludeUsers.length > 0) {
    const lower = p.excludeUsers.map((u) => u.toLowerCase());
    const emails = inList('u.email', lower);
    const names = inList('u.username', p.excludeUsers);
    parts.push({
      sql: `NOT (${emails.sql}) AND NOT (${names.sql})`,
      params: [...emails.params, ...names.params],
    });
  }
  if (p.excludeGroups.length > 0) {
    const member = inUserGroupNamed(ctx.snapshotId, 'u.id', p.excludeGroups);
    parts.push({ sql: `NOT ${member.sql}`, params: member.params });
  }
  // JumpCloud's MFA exclusion (a grace period after a reset) is an accepted, time-boxed exception.
  if (p.honourExclusions)
    parts.push({ sql: '(u.mfa_exclusion_until IS NULL OR u.mfa_exclusion_until <= ?)', params: [ctx.asOf] });
  const where = and(...parts);
  return keyset<UserRow & { mfa_status: string; mfa_exclusion_until: number | null }>(
    ctx.db,
    {
      select:
        'SELECT u.id, u.email, u.display_name, u.state, u.mfa_status, u.mfa_exclusion_until FROM users u',
      where: where.sql,
      params: where.params,
      idColumn: 'u.id',
    },
    (rows) =>
      rows.map((r) => ({
        subject: user(r),
        evidence: {
          displayName: r.display_name,
          state: r.state,
          mfaStatus: r.mfa_status,
          ...(r.mfa_exclusion_until !== null
            ? { mfaExclusionEnded: r.mfa_exclusion_until === INDEFINITE ? null : iso(r.mfa_exclusion_until) }
            : {}),
        },
      })),
  );
}

/** Suspended (by default) users who are still in groups, bound to devices, or can use SSO apps. */
export async function* inactiveWithAccess(
  ctx: CheckContext,
  p: CheckParams['user.inactiveWithAccess'],
): Findings {
  const groupNames = await namesOf(ctx.db, ctx.snapshotId, 'user_groups');
  const appNames = await namesOf(ctx.db, ctx.snapshotId, 'applications');
  const states = inList('u.state', p.states);
  const ignored = new Set(p.ignoreGroups);
  yield* keyset<UserRow>(
    ctx.db,
    {
      select: 'SELECT u.id, u.email, u.display_name, u.state FROM users u',
      where: `u.snapshot_id = ? AND ${states.sql}`,
      params: [ctx.snapshotId, ...states.params],
      idColumn: 'u.id',
    },
    async (rows) => {
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const inUsers = (column: string): Fragment => inList(column, ids);
      const groups = new Map<string, Set<string>>();
      const devices = new Map<string, Set<string>>();
      const apps = new Map<string, Set<string>>();
      const add = (map: Map<string, Set<string>>, userId: string, what: string): void => {
        let set = map.get(userId);
        if (!set) map.set(userId, (set = new Set()));
        set.add(what);
      };
      if (p.access.includes('groups')) {
        const memberships = await ctx.db.all<{ user_id: string; group_id: string }>(
          `SELECT m.user_id, m.group_id FROM user_group_members m WHERE m.snapshot_id = ? AND ${inUsers('m.user_id').sql}`,
          [ctx.snapshotId, ...ids],
        );
        for (const m of memberships) {
          const name = groupNames.get(m.group_id) ?? m.group_id;
          if (!ignored.has(name)) add(groups, m.user_id, name);
        }
      }
      if (p.access.includes('devices')) {
        // Bindings of the user themselves; access through a group shows up as that group membership.
        const bound = await ctx.db.all<{ user_id: string; name: string }>(
          `SELECT a.from_id AS user_id, COALESCE(s.hostname, sg.name, a.to_id) AS name
           FROM associations a
           LEFT JOIN systems s ON a.to_type = 'system' AND s.snapshot_id = a.snapshot_id AND s.id = a.to_id
           LEFT JOIN system_groups sg ON a.to_type = 'system_group' AND sg.snapshot_id = a.snapshot_id AND sg.id = a.to_id
           WHERE a.snapshot_id = ? AND a.from_type = 'user' AND a.to_type IN ('system', 'system_group') AND ${inUsers('a.from_id').sql}`,
          [ctx.snapshotId, ...ids],
        );
        for (const b of bound) add(devices, b.user_id, b.name);
      }
      if (p.access.includes('apps')) {
        const reachable = await appAccess(ctx.db, ctx.snapshotId, { user: inUsers });
        for (const a of reachable) {
          if (a.via_user_group !== '' && ignored.has(groupNames.get(a.via_user_group) ?? '')) continue;
          add(apps, a.user_id, appNames.get(a.target_id) ?? a.target_id);
        }
      }
      const sorted = (set: Set<string> | undefined): string[] => [...(set ?? [])].sort();
      return rows.flatMap((r) => {
        const evidence = {
          groups: sorted(groups.get(r.id)),
          devices: sorted(devices.get(r.id)),
          apps: sorted(apps.get(r.id)),
        };
        if (evidence.groups.length + evidence.devices.length + evidence.apps.length === 0) return [];
        return [{ subject: user(r), evidence: { displayName: r.display_name, state: r.state, ...evidence } }];
      });
    },
  );
}

/** Users who reach a critical device or app and are in none of the authorised groups. */
export async function* criticalUnauthorised(
  ctx: CheckContext,
  p: CheckParams['access.criticalUnauthorised'],
): Findings {
  const userGroups = await namesOf(ctx.db, ctx.snapshotId, 'user_groups');
  const systemGroups = await namesOf(ctx.db, ctx.snapshotId, 'system_groups');
  const appNames = await namesOf(ctx.db, ctx.snapshotId, 'applications');
  const criticalSystem = (column: string): Fragment => {
    const groups = inList('g.name', p.systemGroups);
    const hosts = inList('s.hostname', p.hostnames);
    return {
      sql: `${column} IN (SELECT m.system_id FROM system_group_members m JOIN system_groups g ON g.snapshot_id = m.snapshot_id AND g.id = m.group_id
                          WHERE m.snapshot_id = ? AND ${groups.sql}
                          UNION SELECT s.id FROM systems s WHERE s.snapshot_id = ? AND ${hosts.sql})`,
      params: [ctx.snapshotId, ...groups.params, ctx.snapshotId, ...hosts.params],
    };
  };
  const criticalApp = (column: string): Fragment => {
    const names = inList('ap.name', p.apps);
    const labels = inList('ap.display_label', p.apps);
    return {
      sql: `${column} IN (SELECT ap.id FROM applications ap WHERE ap.snapshot_id = ? AND (${names.sql} OR ${labels.sql}))`,
      params: [ctx.snapshotId, ...names.params, ...labels.params],
    };
  };
  // Only people who can log in, and who are not in an authorised group.
  const eligible = (column: string): Fragment => {
    const states = inList('u.state', p.states);
    const authorised = inUserGroupNamed(ctx.snapshotId, 'u.id', p.authorisedGroups);
    return {
      sql: `${column} IN (SELECT u.id FROM users u WHERE u.snapshot_id = ? AND ${states.sql} AND NOT ${authorised.sql})`,
      params: [ctx.snapshotId, ...states.params, ...authorised.params],
    };
  };
  const systems: AccessRow[] =
    p.systemGroups.length + p.hostnames.length > 0
      ? await systemAccess(ctx.db, ctx.snapshotId, { user: eligible, target: criticalSystem })
      : [];
  const apps: AccessRow[] =
    p.apps.length > 0 ? await appAccess(ctx.db, ctx.snapshotId, { user: eligible, target: criticalApp }) : [];
  const byUser = new Map<string, { systems: Map<string, Set<string>>; apps: Map<string, Set<string>> }>();
  const via = (row: AccessRow): string =>
    [
      row.via_user_group ? `user group ${userGroups.get(row.via_user_group) ?? row.via_user_group}` : '',
      row.via_system_group
        ? `device group ${systemGroups.get(row.via_system_group) ?? row.via_system_group}`
        : '',
    ]
      .filter(Boolean)
      .join(' → ') || 'direct';
  for (const [rows, key] of [
    [systems, 'systems'],
    [apps, 'apps'],
  ] as const) {
    for (const row of rows) {
      let entry = byUser.get(row.user_id);
      if (!entry) byUser.set(row.user_id, (entry = { systems: new Map(), apps: new Map() }));
      let paths = entry[key].get(row.target_id);
      if (!paths) entry[key].set(row.target_id, (paths = new Set()));
      paths.add(via(row));
    }
  }
  if (byUser.size === 0) return;
  const ids = [...byUser.keys()].sort();
  const hostnames = new Map<string, string>();
  const people = new Map<string, UserRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const u of await ctx.db.all<UserRow>(
      `SELECT id, email, display_name, state FROM users WHERE snapshot_id = ? AND ${inList('id', chunk).sql}`,
      [ctx.snapshotId, ...chunk],
    ))
      people.set(u.id, u);
    const systemIds = [...new Set(chunk.flatMap((id) => [...(byUser.get(id)?.systems.keys() ?? [])]))];
    for (let j = 0; j < systemIds.length; j += 500) {
      const part = systemIds.slice(j, j + 500);
      for (const s of await ctx.db.all<{ id: string; hostname: string }>(
        `SELECT id, hostname FROM systems WHERE snapshot_id = ? AND ${inList('id', part).sql}`,
        [ctx.snapshotId, ...part],
      ))
        hostnames.set(s.id, s.hostname);
    }
  }
  const findings: Finding[] = [];
  for (const id of ids) {
    const person = people.get(id);
    const entry = byUser.get(id);
    if (!person || !entry) continue;
    const list = (
      m: Map<string, Set<string>>,
      name: (id: string) => string,
    ): { name: string; via: string[] }[] =>
      [...m]
        .map(([target, paths]) => ({ name: name(target), via: [...paths].sort() }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    findings.push({
      subject: user(person),
      evidence: {
        displayName: person.display_name,
        systems: list(entry.systems, (s) => hostnames.get(s) ?? s),
        apps: list(entry.apps, (a) => appNames.get(a) ?? a),
        authorisedGroups: p.authorisedGroups,
      },
    });
  }
  yield findings;
}
