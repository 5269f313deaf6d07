// The guardrails' pure parts: list matching, how the operator's and the playbook's rules combine, what a
// JumpCloud write touches, the ledger's counting (idempotent keys, rolling hour, per run, dry runs), and
// re-seeding a restarted ledger from the audit, and the config file's problems.
import { describe, expect, it } from 'vitest';
import { type GuardrailsFileError, parseGuardrailsFile } from '../../src/guardrails/configFile.js';
import { mutationsFromInsights } from '../../src/client/ledger.js';
import { HOUR_MS, KEY_RETENTION_MS, Ledger, seedFromAudit } from '../../src/workflows/ledger.js';
import {
  actionRefusedBy,
  DEFAULT_GLOBAL_GUARDRAILS,
  composeGuardrails,
  isProtected,
  matchesEntry,
  refusedBy,
  type Cap,
} from '../../src/guardrails/policy.js';

const GROUP = '5f0c1a2b3c4d5e6f70819203';
const USER = '5f0c1a2b3c4d5e6f70819aaa';

describe('lists', () => {
  it('match names (any case, * globs) and ids exactly', () => {
    expect(matchesEntry('*admin*', { name: 'IT Admins' })).toBe(true);
    expect(matchesEntry('engineering', { name: 'Engineering' })).toBe(true);
    expect(matchesEntry('Eng*', { name: 'Sales Engineering' })).toBe(false);
    expect(matchesEntry(GROUP, { id: GROUP, name: 'x' })).toBe(true);
    expect(matchesEntry(GROUP, { name: GROUP })).toBe(false);
  });

  it('deny wins over allow, and every allow-list must pass', () => {
    const lists = [
      { source: 'config', rule: { deny: ['*admin*'] } },
      { source: 'playbook p', rule: { allow: ['Engineering', 'IT Admins'] } },
    ];
    expect(refusedBy(lists, 'userGroups', { name: 'IT Admins' })).toEqual({
      rule: 'userGroups.deny (config)',
      entry: '*admin*',
    });
    expect(refusedBy(lists, 'userGroups', { name: 'Sales' })).toEqual({
      rule: 'userGroups.allow (playbook p)',
    });
    expect(refusedBy(lists, 'userGroups', { name: 'Engineering' })).toBeUndefined();
  });

  it('combine: the playbook cannot loosen the operator, an approval raises only the playbook’s caps', () => {
    const global = {
      origin: 'config',
      actions: { deny: ['http.request'] },
      protectedUsers: ['root@example.com'],
      limits: { '*': { perHour: 100 } },
    };
    const declared = {
      actions: ['jumpcloud.user.suspend', 'http.request'],
      protectedUsers: [USER],
      limits: { 'jumpcloud.user.suspend': { perRun: 5 } },
      raise: { approval: 'bulk', limits: { 'jumpcloud.user.suspend': { perRun: 50 } } },
    };
    const one = (raised: boolean) => [{ workflowId: 'w', playbook: 'p', guardrails: declared, raised }];
    const normal = composeGuardrails(global, one(false));
    expect(actionRefusedBy(normal.actions, 'http.request')).toBe('actions.deny (config)');
    expect(actionRefusedBy(normal.actions, 'jumpcloud.user.resetMfa')).toBe('actions (playbook p)');
    expect(actionRefusedBy(normal.actions, 'jumpcloud.user.suspend')).toBeUndefined();
    expect(normal.protectedUsers).toEqual(['root@example.com', USER]);
    expect(isProtected(normal.protectedUsers, { id: 'x', email: 'ROOT@example.com' })).toBe(
      'root@example.com',
    );
    expect(normal.caps.map((c) => `${c.scope}:${c.action}:${c.limit}`)).toEqual([
      'globalHour:*:100',
      'run:jumpcloud.user.suspend:5',
    ]);
    const raised = composeGuardrails(global, one(true));
    expect(raised.caps.map((c) => `${c.scope}:${c.action}:${c.limit}`)).toEqual([
      'globalHour:*:100',
      'run:jumpcloud.user.suspend:50',
    ]);
    expect(
      composeGuardrails(DEFAULT_GLOBAL_GUARDRAILS, [{ workflowId: 'w', playbook: 'p' }]).denyAdminGroups,
    ).toBe(true);
  });

  it('compose down a tree: allow-lists intersect, deny-lists and protected users add up, every cap counts', () => {
    const global = {
      origin: 'config',
      limits: { '*': { perRun: 100 } },
      playbooks: { child: { protectedUsers: ['c@example.com'] } },
    };
    const rules = composeGuardrails(global, [
      {
        workflowId: 'root',
        playbook: 'parent',
        guardrails: {
          actions: ['jumpcloud.user.find'],
          userGroups: { deny: ['Finance'] },
          protectedUsers: ['p@example.com'],
          limits: { 'jumpcloud.user.suspend': { perRun: 2, perHour: 3 } },
        },
      },
      {
        workflowId: 'root/child',
        playbook: 'child',
        guardrails: {
          actions: ['jumpcloud.user.find', 'jumpcloud.user.suspend'],
          userGroups: { allow: ['Support', 'Finance'] },
          limits: { 'jumpcloud.user.suspend': { perRun: 5 } },
        },
      },
    ]);
    expect(actionRefusedBy(rules.actions, 'jumpcloud.user.suspend')).toBe('actions (playbook parent)');
    expect(actionRefusedBy(rules.actions, 'jumpcloud.user.find')).toBeUndefined();
    expect(refusedBy(rules.objects.userGroups, 'userGroups', { name: 'Finance' })?.rule).toBe(
      'userGroups.deny (playbook parent)',
    );
    expect(refusedBy(rules.objects.userGroups, 'userGroups', { name: 'Sales' })?.rule).toBe(
      'userGroups.allow (playbook child)',
    );
    expect(rules.protectedUsers).toEqual(['p@example.com', 'c@example.com']);
    // The operator's per-run cap counts the root run; the parent's count the parent's tree; the child's its own.
    expect(rules.caps.map((c) => `${c.scope}:${c.limit}:${c.owner ?? '(own)'}`)).toEqual([
      'run:100:root',
      'run:2:root',
      'playbookHour:3:parent',
      'run:5:(own)',
    ]);
  });
});

describe('the ledger', () => {
  const cap = (scope: Cap['scope'], limit: number, action = 'jumpcloud.user.suspend'): Cap => ({
    scope,
    action,
    limit,
    rule: `${scope}:${limit}`,
  });
  const req = (key: string, workflowId: string, caps: Cap[], dryRun = false) => ({
    key,
    workflowId,
    playbook: 'p',
    action: 'jumpcloud.user.suspend',
    caps,
    ...(dryRun ? { dryRun } : {}),
  });

  it('counts a key once, refuses past a cap with its count, and forgets the hour', () => {
    const ledger = new Ledger();
    const caps = [cap('run', 2), cap('playbookHour', 3)];
    expect(ledger.reserve(req('a', 'w1', caps), 0)).toEqual({ granted: true, repeated: false });
    expect(ledger.reserve(req('a', 'w1', caps), 1)).toEqual({ granted: true, repeated: true });
    expect(ledger.reserve(req('b', 'w1', caps), 2).granted).toBe(true);
    expect(ledger.reserve(req('c', 'w1', caps), 3)).toEqual({ granted: false, cap: caps[0], count: 2 });
    expect(ledger.reserve(req('d', 'w2', caps), 4).granted).toBe(true);
    expect(ledger.reserve(req('e', 'w3', caps), 5)).toEqual({ granted: false, cap: caps[1], count: 3 });
    // An hour after the first grants, the hourly cap has room again (the per-run cap does not).
    expect(ledger.reserve(req('f', 'w3', caps), HOUR_MS + 10).granted).toBe(true);
    expect(ledger.reserve(req('g', 'w1', caps), HOUR_MS + 11).granted).toBe(false);
  });

  it('counts a dry run apart: it sees the real counts and its own, and takes nothing from them', () => {
    const ledger = new Ledger();
    const caps = [cap('globalHour', 2, '*')];
    expect(ledger.reserve(req('real', 'w1', caps), 0).granted).toBe(true);
    expect(ledger.reserve(req('d1', 'dry', caps, true), 1).granted).toBe(true);
    expect(ledger.reserve(req('d2', 'dry', caps, true), 2)).toEqual({
      granted: false,
      cap: caps[0],
      count: 2,
    });
    expect(ledger.reserve(req('real2', 'w2', caps), 3).granted).toBe(true);
  });

  it('counts a child’s write for every run above it, and in each one’s playbook hour', () => {
    const ledger = new Ledger();
    const lineage = [{ workflowId: 'root', playbook: 'parent' }];
    const parentCaps: Cap[] = [
      { ...cap('run', 2), owner: 'root' },
      { ...cap('playbookHour', 10), owner: 'parent' },
    ];
    const child = (key: string, id: string) => ({
      ...req(key, id, parentCaps),
      playbook: 'child',
      lineage,
    });
    expect(ledger.reserve(child('a', 'root/c1'), 0).granted).toBe(true);
    expect(ledger.reserve(child('b', 'root/c2'), 1).granted).toBe(true);
    expect(ledger.reserve(child('c', 'root/c3'), 2)).toEqual({
      granted: false,
      cap: parentCaps[0],
      count: 2,
    });
    const snap = ledger.snapshot(3);
    expect(snap.runs.root?.counts['jumpcloud.user.suspend']).toBe(2);
    expect(snap.runs['root/c1']?.counts['jumpcloud.user.suspend']).toBe(1);
    expect(snap.hourly['p|parent|jumpcloud.user.suspend']).toHaveLength(2);
    expect(snap.hourly['p|child|jumpcloud.user.suspend']).toHaveLength(2);
    expect(snap.hourly['g|jumpcloud.user.suspend']).toHaveLength(2);
  });

  it('re-seeds from the old state, raising each global hour to what the audit recorded', () => {
    const old = new Ledger();
    for (const [i, key] of ['a', 'b'].entries()) old.reserve(req(key, 'w1', [cap('run', 10)]), 1_000 + i);
    const audited = [
      { at: 2_000, actions: ['jumpcloud.user.suspend'] },
      { at: 2_001, actions: ['jumpcloud.user.suspend'] },
      { at: 2_002, actions: ['jumpcloud.user.suspend'] },
      { at: 2_003, actions: ['jumpcloud.user.update', 'jumpcloud.user.resetMfa'] },
      { at: 2_004 - HOUR_MS, actions: ['jumpcloud.user.suspend'] }, // before the window
    ];
    const seed = seedFromAudit(old.snapshot(3_000), audited, 3_000, ['test']);
    expect(seed.hourly['g|jumpcloud.user.suspend']).toEqual([2_000, 2_001, 2_002]); // audit: 3 > ledger: 2
    expect(seed.hourly['g|*']).toHaveLength(4);
    expect(seed.hourly['g|jumpcloud.user.resetMfa']).toEqual([2_003]);
    expect(seed.hourly['p|p|jumpcloud.user.suspend']).toEqual([1_000, 1_001]); // only the ledger knows playbooks
    expect(seed.runs.w1?.counts['jumpcloud.user.suspend']).toBe(2);
    expect(seed.keys.a).toBe(1_000); // a retried write is still recognised
    expect(seed.origin).toEqual({ kind: 'reseed', at: 3_000, sources: ['test'] });
    // The audit never lowers what the ledger counted.
    expect(seedFromAudit(old.snapshot(3_000), [], 3_000, []).hourly['g|jumpcloud.user.suspend']).toHaveLength(
      2,
    );
  });

  it('reads the audit: which events are mutations, by whom, and which actions may have made them', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const admin = { id: 'a', type: 'admin', email: 'Admin@example.com' };
    const events = [
      { event_type: 'user_suspended', timestamp: at, initiated_by: admin },
      { event_type: 'user_suspended', timestamp: at, initiated_by: { ...admin, email: 'other@example.com' } },
      { event_type: 'user_login_attempt', timestamp: at, initiated_by: admin },
      { event_type: 'user_suspended', timestamp: at, initiated_by: admin, success: false },
      {
        event_type: 'association_change',
        timestamp: at,
        initiated_by: admin,
        association: { op: 'remove', connection: { from: { type: 'user_group' }, to: { type: 'user' } } },
      },
    ];
    const mine = mutationsFromInsights(events, 'admin@example.com');
    expect(mine).toHaveLength(2);
    expect(mine[0]?.actions).toContain('jumpcloud.user.suspend');
    expect(mine[1]?.actions).toEqual(
      expect.arrayContaining(['jumpcloud.group.removeMember', 'jumpcloud.user.removeFromAllGroups']),
    );
    expect(mutationsFromInsights(events)).toHaveLength(3); // every admin: over-counts, never under
  });

  it('carries over only what still counts', () => {
    const ledger = new Ledger();
    ledger.reserve(req('a', 'w1', [cap('run', 10)]), 0);
    const later = new Ledger(ledger.snapshot(KEY_RETENTION_MS + 1));
    const snap = later.snapshot(KEY_RETENTION_MS + 1);
    expect(snap.keys).toEqual({});
    expect(snap.hourly).toEqual({});
    expect(snap.runs.w1?.counts['jumpcloud.user.suspend']).toBe(1);
  });
});

describe('the guardrails file', () => {
  it('keeps the defaults for keys it leaves out', () => {
    const g = parseGuardrailsFile(
      'protectedUsers: [root@example.com]\nlimits: { "*": { perHour: 10 } }',
      'f',
    );
    expect(g.userGroups).toEqual(DEFAULT_GLOBAL_GUARDRAILS.userGroups);
    expect(g.protectedUsers).toEqual(['root@example.com']);
  });

  it('names every problem by its place', () => {
    let problems: string[] = [];
    try {
      parseGuardrailsFile(
        'limits: { "jumpcloud.user.suspend": { perDay: 3 } }\nprotected: []',
        'IDFLOW_GUARDRAILS_FILE g.yaml',
      );
    } catch (err) {
      problems = (err as GuardrailsFileError).problems;
    }
    // Each at its line and column: the unknown cap key, then the unknown top-level key.
    expect(problems.map((p) => /^IDFLOW_GUARDRAILS_FILE g\.yaml:(\d+:\d+): /.exec(p)?.[1])).toEqual([
      '1:39',
      '2:1',
    ]);
  });
});
