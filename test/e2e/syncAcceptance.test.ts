// The acceptance, end to end on the real dev server: a Temporal Schedule (applied from a schedules
// file) runs the directory sync against a simulator directory with planted violations; the sync finds
// exactly those findings; a second sync after planted changes reports exactly those changes (with who made
// them, from Directory Insights); a finding with a playbook starts exactly one run across repeated syncs.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../src/store/changes.js';
import { listFindings } from '../../src/store/findings.js';
import { SIMULATOR_ADMIN } from '../../src/simulator/index.js';
import { loadSchedules } from '../../src/sync/config/schedules.js';
import { applySchedules, triggerSchedule } from '../../src/client/schedules.js';
import type { DirectorySyncResult } from '../../src/sync/types.js';
import { buildReport } from '../../src/sync/report/model.js';
import { renderHtml } from '../../src/sync/report/html.js';
import { runIdflow, temporalEnv, type CliResult } from '../helpers/cli.js';
import { recordHistory } from '../helpers/histories.js';
import { startSyncStack, type SyncStack } from '../helpers/syncStack.js';
import { waitFor } from '../helpers/waitFor.js';
import { plantChanges, plantViolations, type Planted } from '../sync/planted.js';

const FIXTURES = fileURLToPath(new URL('../sync/fixtures/', import.meta.url));
const idflow = (...args: string[]): Promise<CliResult> =>
  runIdflow(args, { ...temporalEnv(stack.taskQueue), IDFLOW_STORE: `sqlite:${stack.storePath}` });

let stack: SyncStack;
let planted: Planted;
let scheduleId: string;

async function findingSets(snapshotId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const f of await listFindings(stack.db, snapshotId)) (out[f.ruleId] ??= []).push(f.subjectName);
  for (const list of Object.values(out)) list.sort();
  return out;
}

async function syncNow(): Promise<DirectorySyncResult> {
  const handle = await triggerSchedule(stack.client, scheduleId);
  return (await handle.result()) as DirectorySyncResult;
}

/** The leaver-check runs on this task queue, once visibility (eventually consistent) shows `count` of them. */
async function leaverRuns(count: number): Promise<string[]> {
  return waitFor(
    async () => {
      const ids: string[] = [];
      for await (const w of stack.client.workflow.list({
        query: `IdflowPlaybook = 'leaver-check' AND TaskQueue = '${stack.taskQueue}'`,
      }))
        ids.push(w.workflowId);
      return ids.length >= count ? ids.sort() : undefined;
    },
    { what: `${count} leaver-check runs listed` },
  );
}

beforeAll(async () => {
  stack = await startSyncStack('acceptance');
  planted = plantViolations(stack.sim);
  scheduleId = `sync-${stack.taskQueue}`;
  const file = join(FIXTURES, `.schedules-${stack.taskQueue}.yaml`);
  await writeFile(
    file,
    `apiVersion: idflow/v1\nkind: Schedules\nschedules:\n  - id: ${scheduleId}\n    every: 1h\n    paused: true\n    rules: [rules.yaml]\n`,
  );
  const defs = loadSchedules(file);
  await import('node:fs/promises').then((fs) => fs.rm(file));
  expect(await applySchedules(stack.client, defs, stack.taskQueue)).toEqual([
    { id: scheduleId, action: 'created' },
  ]);
  // Applying again updates in place.
  expect(await applySchedules(stack.client, defs, stack.taskQueue)).toEqual([
    { id: scheduleId, action: 'updated' },
  ]);
}, 120_000);

afterAll(async () => {
  await stack.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await stack.close();
});

describe('a scheduled sync over planted violations', () => {
  let first: DirectorySyncResult;

  it('finds exactly the planted findings, no more, no fewer', async () => {
    first = await syncNow();
    expect(first.previousSnapshotId).toBeNull();
    expect(first.counts['users']).toBe(stack.sim.directory.users().length);
    expect(first.counts['systems']).toBe(stack.sim.directory.inventory.systems().length);
    expect(await findingSets(first.snapshotId)).toEqual(planted.expected);
    expect(Object.fromEntries(first.findings.map((f) => [f.rule, f.findings]))).toEqual(
      Object.fromEntries(Object.entries(planted.expected).map(([k, v]) => [k, v.length])),
    );
    // The first snapshot is the baseline: nothing to compare with.
    expect(first.changes).toEqual({});
    expect(first.playbookRuns).toEqual({ started: 2, existing: 0, failed: 0 });
    expect(await leaverRuns(2)).toHaveLength(2);
    // The history carries counts and ids, never directory records.
    const history = JSON.stringify(
      (await stack.client.workflow.getHandle(first.snapshotId ? await latestSyncId() : '').fetchHistory())
        .events,
    );
    for (const email of planted.expected['mfa'] ?? []) expect(history).not.toContain(email);
  });

  it('then reports exactly the planted changes, with who made them', async () => {
    const changes = await plantChanges(stack.sim, stack.jc);
    const second = await syncNow();
    expect(second.previousSnapshotId).toBe(first.snapshotId);
    expect(second.changes).toEqual(
      Object.fromEntries(Object.entries(changes.expected).map(([k, v]) => [k, v.length])),
    );
    const listed = await listChanges(stack.db, [second.snapshotId]);
    const byKind: Record<string, string[]> = {};
    for (const c of listed) (byKind[c.kind] ??= []).push(c.subjectName);
    expect(byKind).toEqual(changes.expected);
    const moved = listed.find((c) => c.kind === 'user.moved')!;
    expect(moved.detail).toEqual({ department: { from: changes.movedFrom, to: 'Finance & Legal' } });
    expect(moved.actor).toMatchObject({ email: SIMULATOR_ADMIN.email, eventType: 'user_update' });
    // The newly suspended user (still in groups) is a new finding, so exactly one new run; the two from
    // the first sync are not started again.
    expect(second.playbookRuns).toEqual({ started: 1, existing: 2, failed: 0 });
  });

  it('starts one run per finding however many syncs see it', async () => {
    const third = await syncNow();
    expect(third.playbookRuns).toEqual({ started: 0, existing: 3, failed: 0 });
    expect(third.changes).toEqual({});
    const runs = await leaverRuns(3);
    expect(runs).toHaveLength(3);
    const findings = await listFindings(stack.db, third.snapshotId, { ruleId: 'inactive' });
    expect(runs).toEqual(findings.map((f) => `leaver-check:${f.subjectName}:inactive:${f.subjectId}`).sort());
    await recordHistory('directory-sync', stack.client.workflow.getHandle(await latestSyncId()));
  });

  it('renders the report an auditor reads', async () => {
    const report = await buildReport(stack.db);
    expect(report.findings.rules.map((r) => r.id)).toEqual(Object.keys(planted.expected));
    const html = renderHtml(report);
    expect(html).toContain('<svg class="chart"');
    for (const host of planted.expected['encryption'] ?? []) expect(html).toContain(host);
  });
});

describe('the commands', () => {
  it('idflow sync --now triggers the schedule and waits for it', async () => {
    const r = await idflow('sync', '--now', '--schedule', scheduleId, '--wait', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as DirectorySyncResult & { workflowId: string };
    expect(out.workflowId).toContain(`directory-sync:${scheduleId}-`);
    expect(out.findings.find((f) => f.rule === 'inactive')?.findings).toBe(3);
  });

  it('idflow changes and idflow report read the store', async () => {
    const changes = await idflow('changes', '--since', '1h', '--kind', 'user.moved', '--json');
    expect(changes.code).toBe(0);
    expect((JSON.parse(changes.stdout) as { kind: string }[]).map((c) => c.kind)).toEqual(['user.moved']);
    const out = join(FIXTURES, `.report-${stack.taskQueue}.html`);
    const report = await idflow('report', '--format', 'html', '--out', out);
    expect(report.code).toBe(0);
    const html = await readFile(out, 'utf8');
    await import('node:fs/promises').then((fs) => fs.rm(out));
    expect(html).toContain('Directory compliance report');
    const md = await idflow('report', '--format', 'md', '--max-rows', '1');
    expect(md.stdout).toContain('| rule | severity | findings |');
    expect((await idflow('report', '--format', 'pdf')).code).toBe(2);
  });

  it('idflow schedule apply --check points at problems, exit 2', async () => {
    const file = join(FIXTURES, `.bad-${stack.taskQueue}.yaml`);
    await writeFile(
      file,
      'apiVersion: idflow/v1\nkind: Schedules\nschedules:\n  - id: x\n    every: 1h\n    colour: red\n',
    );
    const r = await idflow('schedule', 'apply', '--check', file);
    await import('node:fs/promises').then((fs) => fs.rm(file));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.yaml:6:5: error\[schema\]: unknown key `colour`/);
  });
});

async function latestSyncId(): Promise<string> {
  const d = await stack.client.schedule.getHandle(scheduleId).describe();
  const last = d.info.recentActions[d.info.recentActions.length - 1];
  if (!last) throw new Error('no sync yet');
  return last.action.workflow.workflowId;
}
