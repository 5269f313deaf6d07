// The checks about devices: disk encryption, OS version floors, devices in no device group, devices not
// seen for a while, devices missing required software (an endpoint-protection agent), and devices whose
// latest result for a JumpCloud policy is a failure.
import { iso, keyset, type CheckContext, type Findings } from './context.js';
import { and, inList, inSystemGroupNamed, type Fragment } from './sql.js';
import type { CheckParams, Finding, OsFamily } from './types.js';
import { compareVersions, versionNumbers } from './version.js';

const DAY_MS = 86_400_000;

interface SystemRow extends Record<string, unknown> {
  id: string;
  hostname: string;
  os: string;
  os_family: string;
  version: string;
  last_contact: number | null;
}

const SELECT =
  'SELECT s.id, s.hostname, s.os, s.os_family, s.version, s.last_contact, s.fde_active, s.fde_key_present FROM systems s';

const device = (row: SystemRow): Finding['subject'] => ({ type: 'system', id: row.id, name: row.hostname });
const described = (row: SystemRow): Record<string, unknown> => ({
  os: row.os,
  version: row.version,
  lastContact: iso(row.last_contact),
});

function systems(
  ctx: CheckContext,
  families: readonly OsFamily[],
  extra: Fragment,
  map: (rows: SystemRow[]) => Promise<Finding[]> | Finding[],
): Findings {
  const where = and(
    { sql: 's.snapshot_id = ?', params: [ctx.snapshotId] },
    inList('s.os_family', families),
    extra,
  );
  return keyset<SystemRow>(
    ctx.db,
    { select: SELECT, where: where.sql, params: where.params, idColumn: 's.id' },
    map,
  );
}

export function unencrypted(ctx: CheckContext, p: CheckParams['device.unencrypted']): Findings {
  const parts: Fragment[] = [{ sql: 's.fde_active = 0', params: [] }];
  if (p.excludeGroups.length > 0) {
    const member = inSystemGroupNamed(ctx.snapshotId, 's.id', p.excludeGroups);
    parts.push({ sql: `NOT ${member.sql}`, params: member.params });
  }
  return systems(ctx, p.osFamilies, and(...parts), (rows) =>
    rows.map((r) => ({ subject: device(r), evidence: { ...described(r), diskEncryption: false } })),
  );
}

export function osBelowFloor(ctx: CheckContext, p: CheckParams['device.osBelowFloor']): Findings {
  const floors = Object.entries(p.floors) as [OsFamily, string][];
  const parsed = new Map(
    floors.map(([family, floor]) => [family, { floor, numbers: versionNumbers(floor) ?? [0] }]),
  );
  return systems(
    ctx,
    floors.map(([family]) => family),
    { sql: '1 = 1', params: [] },
    (rows) =>
      rows.flatMap((r) => {
        const rule = parsed.get(r.os_family as OsFamily);
        const numbers = versionNumbers(r.version);
        if (!rule) return [];
        // A version that cannot be read is below any floor: it cannot be shown to meet it.
        if (numbers && compareVersions(numbers, rule.numbers) >= 0) return [];
        return [{ subject: device(r), evidence: { ...described(r), floor: rule.floor } }];
      }),
  );
}

export function ungrouped(ctx: CheckContext, p: CheckParams['device.ungrouped']): Findings {
  return systems(
    ctx,
    p.osFamilies,
    {
      sql: 'NOT EXISTS (SELECT 1 FROM system_group_members m WHERE m.snapshot_id = s.snapshot_id AND m.system_id = s.id)',
      params: [],
    },
    (rows) => rows.map((r) => ({ subject: device(r), evidence: { ...described(r), deviceGroups: [] } })),
  );
}

export function stale(ctx: CheckContext, p: CheckParams['device.stale']): Findings {
  const cutoff = ctx.asOf - p.days * DAY_MS;
  const condition: Fragment = p.includeNeverSeen
    ? { sql: '(s.last_contact IS NULL OR s.last_contact < ?)', params: [cutoff] }
    : { sql: 's.last_contact < ?', params: [cutoff] };
  return systems(ctx, p.osFamilies, condition, (rows) =>
    rows.map((r) => ({
      subject: device(r),
      evidence: {
        ...described(r),
        daysSinceContact: r.last_contact === null ? null : Math.floor((ctx.asOf - r.last_contact) / DAY_MS),
        thresholdDays: p.days,
      },
    })),
  );
}

export async function* missingSoftware(
  ctx: CheckContext,
  p: CheckParams['device.missingSoftware'],
): Findings {
  const patterns = p.software.map((s) => `%${s.toLowerCase()}%`);
  const any: Fragment = {
    sql: patterns.map(() => 'LOWER(sw.name) LIKE ?').join(' OR '),
    params: patterns,
  };
  yield* systems(
    ctx,
    p.osFamilies,
    {
      sql: `NOT EXISTS (SELECT 1 FROM software sw WHERE sw.snapshot_id = s.snapshot_id AND sw.system_id = s.id AND (${any.sql}))`,
      params: any.params,
    },
    async (rows) => {
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const installed = await ctx.db.all<{ system_id: string; n: number }>(
        `SELECT system_id, COUNT(*) AS n FROM software WHERE snapshot_id = ? AND ${inList('system_id', ids).sql} GROUP BY system_id`,
        [ctx.snapshotId, ...ids],
      );
      const counts = new Map(installed.map((i) => [i.system_id, Number(i.n)]));
      return rows.map((r) => ({
        subject: device(r),
        evidence: { ...described(r), required: p.software, installedItems: counts.get(r.id) ?? 0 },
      }));
    },
  );
}

/**
 * A policy result is history: only each (device, policy)'s latest result says whether the device complies
 * now. Ties on time are broken by result id, so the answer does not depend on row order.
 */
function failingLatest(names: readonly string[]): Fragment {
  const named = names.length > 0 ? inList('p.name', names) : { sql: '1 = 1', params: [] };
  return {
    sql: `SELECT r.system_id, p.name, r.ended_at FROM policy_results r
          JOIN policies p ON p.snapshot_id = r.snapshot_id AND p.id = r.policy_id
          WHERE r.snapshot_id = ? AND r.success = 0 AND ${named.sql}
            AND r.id = (SELECT n.id FROM policy_results n
                        WHERE n.snapshot_id = r.snapshot_id AND n.system_id = r.system_id
                          AND n.policy_id = r.policy_id
                        ORDER BY n.ended_at DESC, n.id DESC LIMIT 1)`,
    params: named.params,
  };
}

export async function* policyFailing(ctx: CheckContext, p: CheckParams['device.policyFailing']): Findings {
  const failing = failingLatest(p.policies);
  yield* systems(
    ctx,
    p.osFamilies,
    {
      sql: `s.id IN (SELECT f.system_id FROM (${failing.sql}) f)`,
      params: [ctx.snapshotId, ...failing.params],
    },
    async (rows) => {
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const these = inList('f.system_id', ids);
      const failures = await ctx.db.all<{ system_id: string; name: string; ended_at: number | null }>(
        `SELECT f.system_id, f.name, f.ended_at FROM (${failing.sql}) f WHERE ${these.sql} ORDER BY f.system_id, f.name`,
        [ctx.snapshotId, ...failing.params, ...these.params],
      );
      const bySystem = new Map<string, { policy: string; at: string | null }[]>();
      for (const f of failures) {
        const list = bySystem.get(f.system_id) ?? [];
        list.push({ policy: f.name, at: iso(f.ended_at) });
        bySystem.set(f.system_id, list);
      }
      return rows.map((r) => ({
        subject: device(r),
        evidence: { ...described(r), failingPolicies: bySystem.get(r.id) ?? [] },
      }));
    },
  );
}
