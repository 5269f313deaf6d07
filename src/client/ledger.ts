// The guardrail ledger as an operator sees it (`idflow ledger status`) and re-seeds it after it lost its
// counts (`idflow ledger reseed`). A terminated ledger refuses every capped write until then; re-seeding
// rebuilds the window's counts from the audit:
//
//   - the old ledger's last state — its counts per run, per playbook and global, as the terminated run held
//     them (a query on the closed run, which Temporal answers by replaying its history): exact, and the only
//     record of which run and playbook made what (chat messages and HTTP calls included);
//   - Directory Insights, JumpCloud's own audit of the last hour, which no Temporal operator can edit: every
//     global hourly count is raised to what JumpCloud recorded for the key's admin (or for every admin).
//
// Either may be missing (a history deleted, Insights not licensed); the command says which sources it used.
import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { actionCatalog, actionNames, type WriteOp } from '../catalog/index.js';
import { UserError } from '../common/errors.js';
import {
  guardrailLedger,
  ledgerStatusQuery,
  ledgerWorkflowId,
  seedLedgerUpdate,
  type LedgerStatus,
} from '../workflows/guardrailLedger.js';
import { HOUR_MS, seedFromAudit, type AuditedMutation, type LedgerSnapshot } from '../workflows/ledger.js';

export interface LedgerReport {
  workflowId: string;
  /** Temporal's status of the ledger's latest run (RUNNING, TERMINATED…), or NOT_FOUND: never started. */
  execution: string;
  runId?: string;
  closeTime?: string;
  /** The running ledger's own answer. */
  status?: LedgerStatus;
  /** Why the running ledger did not answer. */
  queryError?: string;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function ledgerReport(client: Client, taskQueue: string): Promise<LedgerReport> {
  const workflowId = ledgerWorkflowId(taskQueue);
  const handle = client.workflow.getHandle(workflowId);
  let d;
  try {
    d = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { workflowId, execution: 'NOT_FOUND' };
    throw err;
  }
  const report: LedgerReport = {
    workflowId,
    execution: d.status.name,
    runId: d.runId,
    ...(d.closeTime ? { closeTime: d.closeTime.toISOString() } : {}),
  };
  if (d.status.name !== 'RUNNING') return report;
  try {
    report.status = await handle.query(ledgerStatusQuery);
  } catch (err) {
    report.queryError = message(err);
  }
  return report;
}

/** Counts of a snapshot that still count at `now`: the global and per-playbook hours, and open runs. */
export function ledgerCounts(
  s: LedgerSnapshot,
  now: number,
): { global: Record<string, number>; playbooks: Record<string, Record<string, number>>; runs: number } {
  const global: Record<string, number> = {};
  const playbooks: Record<string, Record<string, number>> = {};
  for (const [counter, times] of Object.entries(s.hourly)) {
    const n = times.filter((t) => now - t < HOUR_MS).length;
    if (n === 0) continue;
    const parts = counter.split('|');
    if (parts[0] === 'g') global[parts[1] ?? ''] = n;
    else (playbooks[parts[1] ?? ''] ??= {})[parts.slice(2).join('|')] = n;
  }
  return { global, playbooks, runs: Object.keys(s.runs).length };
}

const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, n]) => `${action} ${n}`)
    .join(', ') || 'none';

export function renderLedgerReport(r: LedgerReport, now: number): string {
  const lines = [`${r.workflowId}  ${r.execution}${r.closeTime ? ` (closed ${r.closeTime})` : ''}`];
  if (r.execution === 'NOT_FOUND') {
    lines.push('  no ledger yet: the first capped write starts it (with empty counts)');
    return lines.join('\n');
  }
  if (r.execution !== 'RUNNING') {
    lines.push(
      `  the ledger was stopped and lost its counts: every capped write is refused until an operator re-seeds it: idflow ledger reseed`,
    );
    return lines.join('\n');
  }
  if (!r.status) {
    lines.push(`  no answer from the ledger: ${r.queryError ?? 'unknown'}`);
    return lines.join('\n');
  }
  if (r.status.cancelRequestsIgnored > 0)
    lines.push(`  ignored ${r.status.cancelRequestsIgnored} cancel request(s): its counts stay`);
  if (!r.status.seeded || !r.status.state) {
    lines.push(
      '  RESTARTED without its counts: every capped write is refused until an operator re-seeds it: idflow ledger reseed',
    );
    return lines.join('\n');
  }
  const origin = r.status.state.origin;
  if (origin)
    lines.push(
      `  counts since ${new Date(origin.at).toISOString()} (${origin.kind}${origin.sources?.length ? `: ${origin.sources.join('; ')}` : ''})`,
    );
  const c = ledgerCounts(r.status.state, now);
  lines.push(`  last hour, every run: ${list(c.global)}`);
  for (const [playbook, counts] of Object.entries(c.playbooks).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  last hour, playbook ${playbook}: ${list(counts)}`);
  lines.push(`  runs with per-run counts: ${c.runs}`);
  return lines.join('\n');
}

/** What the audit holds for one Insights event type: the kinds of write that record it. */
const EVENT_WRITES: Record<string, WriteOp[]> = {
  user_create: ['user.create'],
  // JumpCloud records profile updates and MFA resets alike: both candidates count.
  user_update: ['user.update', 'user.resetMfa'],
  user_suspended: ['user.suspend'],
  user_unsuspended: ['user.activate'],
  user_password_expired: ['user.expirePassword'],
  user_unlocked: ['user.unlock'],
  group_create: ['userGroup.create'],
};

type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function associationWrites(event: Rec): WriteOp[] {
  const association = obj(event.association);
  const connection = obj(association.connection);
  const ends = new Set([str(obj(connection.from).type), str(obj(connection.to).type)]);
  const op = str(association.op);
  if (ends.has('user') && ends.has('user_group'))
    return op === 'add' ? ['userGroup.member.add'] : op === 'remove' ? ['userGroup.member.remove'] : [];
  if (ends.has('user') && ends.has('system') && op === 'remove') return ['user.device.remove'];
  return [];
}

/**
 * The mutations in Directory Insights events that idflow's key may have made: those initiated by
 * `initiatedBy` (the API key's admin), or by any admin or API key when it is not given — which can only
 * over-count. Each becomes the catalog actions that declare its kind of write; a change of a kind no
 * action writes still counts for `*` (every mutation).
 */
export function mutationsFromInsights(events: readonly Rec[], initiatedBy?: string): AuditedMutation[] {
  const out: AuditedMutation[] = [];
  for (const event of events) {
    if (event.success === false) continue;
    const actor = obj(event.initiated_by);
    if (initiatedBy !== undefined) {
      if (str(actor.email).toLowerCase() !== initiatedBy.toLowerCase()) continue;
    } else if (!['admin', 'api'].includes(str(actor.type))) continue;
    const type = str(event.event_type);
    const writes = type === 'association_change' ? associationWrites(event) : EVENT_WRITES[type];
    if (writes === undefined) continue;
    const at = Date.parse(str(event.timestamp));
    if (Number.isNaN(at)) continue;
    const actions = actionNames.filter((name) =>
      (actionCatalog[name].writes as readonly WriteOp[]).some((w) => writes.includes(w)),
    );
    out.push({ at, actions });
  }
  return out;
}

/** Directory Insights as the reseed reads it (the sync's Insights client fits). */
export interface AuditSource {
  events(query: Rec): Promise<{ events: Rec[]; searchAfter: unknown[] | undefined; limit: number }>;
}

/** Every directory event of the window, page by page. */
export async function readAuditWindow(source: AuditSource, from: number, to: number): Promise<Rec[]> {
  const out: Rec[] = [];
  let searchAfter: unknown[] | undefined;
  for (;;) {
    const page = await source.events({
      service: ['directory'],
      start_time: new Date(from).toISOString(),
      end_time: new Date(to).toISOString(),
      sort: 'ASC',
      limit: 1000,
      ...(searchAfter ? { search_after: searchAfter } : {}),
    });
    out.push(...page.events);
    if (page.events.length < page.limit || !page.searchAfter) return out;
    searchAfter = page.searchAfter;
  }
}

/** The last state of the ledger run that lost it: the newest run that ended other than by continuing. */
export async function previousLedgerState(
  client: Client,
  taskQueue: string,
): Promise<{ runId: string; execution: string; state: LedgerSnapshot } | { problem: string }> {
  const workflowId = ledgerWorkflowId(taskQueue);
  let closed: { runId: string; execution: string } | undefined;
  try {
    const latest = await client.workflow.getHandle(workflowId).describe();
    if (latest.status.name !== 'RUNNING') closed = { runId: latest.runId, execution: latest.status.name };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { problem: 'no earlier ledger run exists' };
    throw err;
  }
  if (!closed) {
    // A ledger already running without counts (started by hand, or a re-seed that stopped half-way): the
    // state is in the run before it.
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      if (['RUNNING', 'CONTINUED_AS_NEW'].includes(w.status.name)) continue;
      if (!closed) closed = { runId: w.runId, execution: w.status.name };
    }
  }
  if (!closed) return { problem: 'no closed ledger run was found' };
  try {
    const status = await client.workflow.getHandle(workflowId, closed.runId).query(ledgerStatusQuery);
    if (!status.state) return { problem: `the ledger run ${closed.runId} had no counts either` };
    return { ...closed, state: status.state };
  } catch (err) {
    return { problem: `the state of ledger run ${closed.runId} could not be read: ${message(err)}` };
  }
}

/** The ledger was running with its counts: there is nothing to re-seed (and it is never overwritten). */
export class LedgerSeededError extends Error {
  constructor(readonly workflowId: string) {
    super(`${workflowId} is running with its counts: only a ledger that lost them can be re-seeded`);
    this.name = 'LedgerSeededError';
  }
}

/**
 * Gives the ledger `seed`: to the ledger running without counts, or to a new one when the old one is gone
 * (started here, deliberately: the only start of a ledger that is not the genesis one).
 */
export async function seedLedger(
  client: Client,
  taskQueue: string,
  seed: LedgerSnapshot,
): Promise<LedgerStatus> {
  const workflowId = ledgerWorkflowId(taskQueue);
  try {
    return await client.workflow.executeUpdateWithStart(seedLedgerUpdate, {
      args: [seed],
      startWorkflowOperation: new WithStartWorkflowOperation(guardrailLedger, {
        workflowId,
        taskQueue,
        args: [],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      }),
    });
  } catch (err) {
    if (
      err instanceof WorkflowUpdateFailedError &&
      (err.cause as { type?: string } | undefined)?.type === 'IdflowLedgerSeeded'
    )
      throw new LedgerSeededError(workflowId);
    throw err;
  }
}

export interface ReseedOptions {
  /** Directory Insights; undefined: the old ledger's state alone. */
  audit?: AuditSource;
  /** The API key's admin, as Insights names the initiator; undefined: every admin and API key. */
  initiatedBy?: string;
  now?: number;
}

export interface ReseedResult {
  sources: string[];
  /** Sources that were wanted and missing, and why. */
  problems: string[];
  status: LedgerStatus;
}

/** Re-seeds a ledger that lost its counts from the audit of the window (see the top of this file). */
export async function reseedLedger(
  client: Client,
  taskQueue: string,
  options: ReseedOptions = {},
): Promise<ReseedResult> {
  const report = await ledgerReport(client, taskQueue);
  if (report.execution === 'RUNNING' && report.status?.seeded) throw new LedgerSeededError(report.workflowId);
  const now = options.now ?? Date.now();
  const sources: string[] = [];
  const problems: string[] = [];
  const previous = await previousLedgerState(client, taskQueue);
  if ('state' in previous)
    sources.push(`the old ledger's last state (run ${previous.runId}, ${previous.execution})`);
  else problems.push(`old ledger state: ${previous.problem}`);
  let audited: AuditedMutation[] = [];
  if (options.audit) {
    const events = await readAuditWindow(options.audit, now - HOUR_MS, now);
    audited = mutationsFromInsights(events, options.initiatedBy);
    sources.push(
      // The admin's email stays out of the seed: it is kept in the ledger's history.
      `Directory Insights: ${audited.length} mutation(s) in the last hour by ${options.initiatedBy !== undefined ? 'the admin given (--initiated-by)' : 'any admin or API key'}`,
    );
  } else problems.push('Directory Insights: not read (--without-insights)');
  // Counts made up from nothing would be the reset this command exists to prevent.
  if (sources.length === 0)
    throw new UserError(`nothing to re-seed the guardrail ledger from:\n  ${problems.join('\n  ')}`);
  const seed = seedFromAudit('state' in previous ? previous.state : undefined, audited, now, sources);
  const status = await seedLedger(client, taskQueue, seed);
  return { sources, problems, status };
}
