// The blast-radius counters: how many mutations each run, each playbook and the whole deployment made, per
// action, in a rolling hour (and per run). Pure and deterministic (the clock is passed in), so it runs
// inside the ledger workflow (src/workflows/guardrailLedger.ts), which serialises every reservation: two
// concurrent runs can never both take the last unit of a cap. Reservations are idempotent by key, so an
// activity retried after a lost answer is not counted twice; a key forgotten after KEY_RETENTION_MS only
// ever over-counts (refuses early), never under-counts.
import type { Cap } from '../guardrails/policy.js';

/** A run of a tree of runs, as the ledger counts it. */
export interface RunRef {
  workflowId: string;
  playbook: string;
}

export interface ReserveRequest {
  /** Unique per write: `<workflowId>#<activityId>#<write>`; a retry repeats it. */
  key: string;
  workflowId: string;
  playbook: string;
  action: string;
  caps: Cap[];
  /**
   * A child run's ancestors, root first. The write counts for each of them too — per run, and in the hour
   * of each one's playbook — so a cap an ancestor declared (a cap whose `owner` names it) sees everything
   * done below it.
   */
  lineage?: RunRef[];
  /**
   * A dry run's would-be mutation: checked against the real counts plus the dry run's own, and counted
   * only for the dry run (it changes nothing, so it takes nothing from anyone's cap).
   */
  dryRun?: boolean;
}

export type ReserveResult =
  | { granted: true; repeated: boolean }
  | { granted: false; cap: Cap; count: number }
  /** The ledger started without its counts (it was terminated): nothing is granted until it is re-seeded. */
  | { granted: false; restarted: true };

/** Where a ledger's counts began. */
export interface LedgerOrigin {
  /** `genesis`: the deployment's first ledger, empty; `reseed`: rebuilt by an operator from the audit. */
  kind: 'genesis' | 'reseed';
  /** When (ms). */
  at: number;
  /** What the counts were rebuilt from, for `idflow ledger status`. */
  sources?: string[];
}

/** The ledger's state between runs of its workflow (continue-as-new carries it). */
export interface LedgerSnapshot {
  version: 1;
  /** Reservation key → when it was granted (ms). */
  keys: { [key: string]: number };
  /** Counter → grant times within the last hour. */
  hourly: { [counter: string]: number[] };
  /** Per-run counts (`*` is the total) and the time of the run's last grant. */
  runs: { [workflowId: string]: { counts: { [action: string]: number }; last: number } };
  /** Dry runs' own would-be counts, kept apart from the real ones. */
  dryRuns: { [workflowId: string]: { counts: { [action: string]: number }; last: number } };
  /** How the counts began (ledgers started before this was recorded have none). */
  origin?: LedgerOrigin;
}

/** The state the deployment's first ledger starts with: nothing counted yet, and it says so. */
export function genesisSnapshot(now: number): LedgerSnapshot {
  return { version: 1, keys: {}, hourly: {}, runs: {}, dryRuns: {}, origin: { kind: 'genesis', at: now } };
}

export const HOUR_MS = 3_600_000;
/** Longer than any action's retries take by default (minutes), so a retry finds its reservation. */
export const KEY_RETENTION_MS = 6 * HOUR_MS;
/** A run that made no mutation for this long has its per-run counts forgotten. */
export const RUN_RETENTION_MS = 14 * 24 * HOUR_MS;

function hourCounter(cap: Pick<Cap, 'scope' | 'action'>, playbook: string): string {
  return cap.scope === 'globalHour' ? `g|${cap.action}` : `p|${playbook}|${cap.action}`;
}

export class Ledger {
  private readonly state: LedgerSnapshot;

  constructor(snapshot?: LedgerSnapshot) {
    this.state = snapshot ?? { version: 1, keys: {}, hourly: {}, runs: {}, dryRuns: {} };
    this.state.dryRuns ??= {};
  }

  reserve(req: ReserveRequest, now: number): ReserveResult {
    if (this.state.keys[req.key] !== undefined) return { granted: true, repeated: true };
    const runs = [...(req.lineage ?? []).map((r) => r.workflowId), req.workflowId];
    const playbooks = new Set([...(req.lineage ?? []).map((r) => r.playbook), req.playbook]);
    const dry = req.dryRun === true ? this.state.dryRuns : undefined;
    for (const cap of req.caps) {
      // A dry run's own would-be mutations count in every scope it belongs to: per run, those below the
      // run the cap counts; per hour, those of the whole dry tree.
      const dryRun = dry?.[cap.scope === 'run' ? (cap.owner ?? req.workflowId) : (runs[0] ?? req.workflowId)];
      const count = this.count(cap, req.workflowId, req.playbook, now) + (dryRun?.counts[cap.action] ?? 0);
      if (count + 1 > cap.limit) return { granted: false, cap, count };
    }
    this.state.keys[req.key] = now;
    const actions = new Set([req.action, '*']);
    const perRun = req.dryRun === true ? this.state.dryRuns : this.state.runs;
    for (const id of runs) {
      const run = (perRun[id] ??= { counts: {}, last: now });
      run.last = now;
      for (const action of actions) run.counts[action] = (run.counts[action] ?? 0) + 1;
    }
    if (req.dryRun === true) return { granted: true, repeated: false };
    for (const action of actions) {
      for (const playbook of playbooks)
        (this.state.hourly[hourCounter({ scope: 'playbookHour', action }, playbook)] ??= []).push(now);
      (this.state.hourly[hourCounter({ scope: 'globalHour', action }, req.playbook)] ??= []).push(now);
    }
    return { granted: true, repeated: false };
  }

  /** The state to carry over, without what no longer counts. */
  snapshot(now: number): LedgerSnapshot {
    const keys: LedgerSnapshot['keys'] = {};
    for (const [k, at] of Object.entries(this.state.keys)) if (now - at < KEY_RETENTION_MS) keys[k] = at;
    const hourly: LedgerSnapshot['hourly'] = {};
    for (const [c, times] of Object.entries(this.state.hourly)) {
      const recent = times.filter((t) => now - t < HOUR_MS);
      if (recent.length > 0) hourly[c] = recent;
    }
    const recent = (all: LedgerSnapshot['runs']): LedgerSnapshot['runs'] => {
      const out: LedgerSnapshot['runs'] = {};
      for (const [id, r] of Object.entries(all)) if (now - r.last < RUN_RETENTION_MS) out[id] = r;
      return out;
    };
    return {
      version: 1,
      keys,
      hourly,
      runs: recent(this.state.runs),
      dryRuns: recent(this.state.dryRuns),
      ...(this.state.origin ? { origin: this.state.origin } : {}),
    };
  }

  private count(cap: Cap, workflowId: string, playbook: string, now: number): number {
    if (cap.scope === 'run') return this.state.runs[cap.owner ?? workflowId]?.counts[cap.action] ?? 0;
    const counter = hourCounter(cap, cap.owner ?? playbook);
    const times = this.state.hourly[counter];
    if (!times) return 0;
    // Drop what fell out of the window as we go, so the lists stay an hour long.
    const recent = times.filter((t) => now - t < HOUR_MS);
    this.state.hourly[counter] = recent;
    return recent.length;
  }
}

/** A change the audit recorded: when, and every catalog action that may have made it. */
export interface AuditedMutation {
  at: number;
  /** Candidates, when the audit cannot tell them apart (a profile update or an MFA reset): each counts. */
  actions: string[];
}

/**
 * The counts a restarted ledger starts again from: the old ledger's last state (per run, per playbook,
 * global; what still counts at `now`), with every global hourly count raised to what the audit recorded in
 * the last hour when the audit saw more. The audit cannot say which run or playbook made a change, so it
 * raises the global counts only; it may also hold changes idflow did not make (by hand, with the same key),
 * which only ever makes the caps tighter. Pure, like the ledger.
 */
export function seedFromAudit(
  previous: LedgerSnapshot | undefined,
  audited: readonly AuditedMutation[],
  now: number,
  sources: string[],
): LedgerSnapshot {
  const base = new Ledger(
    previous ? (JSON.parse(JSON.stringify(previous)) as LedgerSnapshot) : undefined,
  ).snapshot(now);
  const recent = audited.filter((m) => now - m.at < HOUR_MS && m.at <= now);
  const byAction = new Map<string, number[]>([['*', recent.map((m) => m.at)]]);
  for (const m of recent)
    for (const action of new Set(m.actions)) byAction.set(action, [...(byAction.get(action) ?? []), m.at]);
  for (const [action, times] of byAction) {
    const counter = hourCounter({ scope: 'globalHour', action }, '');
    if (times.length > (base.hourly[counter]?.length ?? 0))
      base.hourly[counter] = [...times].sort((a, b) => a - b);
  }
  return { ...base, origin: { kind: 'reseed', at: now, sources } };
}
