// The guardrail ledger: one long-lived workflow per task queue (one idflow deployment) that counts
// mutations against the blast-radius caps. Activities reserve a mutation through a Workflow Update before
// they send it; Temporal runs the updates one at a time, so concurrent runs and retries cannot get past a
// cap, and the counters live in Temporal like the rest of idflow's state. The history is kept short by
// continuing as new with the counters that still matter.
//
// It cannot be reset. A cancel request is ignored (logged and counted; the counts stay). Its state goes
// with it across continue-as-new. A ledger that starts with no state — after it was terminated, or started
// by hand — refuses every reservation (fails closed) until an operator re-seeds it from the audit of the
// window (`idflow ledger reseed`, src/client/ledger.ts). Only the deployment's very first ledger starts
// with empty counts, and only because its starter says so (the genesis snapshot of the ledger client,
// which the server accepts only while the ledger's id has never been used).
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { Ledger, type LedgerSnapshot, type ReserveRequest, type ReserveResult } from './ledger.js';

export const reserveMutationUpdate = defineUpdate<ReserveResult, [ReserveRequest]>('reserveMutation');
/** Gives a ledger that started without state the counts an operator rebuilt from the audit. */
export const seedLedgerUpdate = defineUpdate<LedgerStatus, [LedgerSnapshot]>('seedLedger');
export const ledgerStatusQuery = defineQuery<LedgerStatus>('ledgerStatus');

/** One ledger per task queue: the workers of one deployment share their caps. */
export function ledgerWorkflowId(taskQueue: string): string {
  return `idflow-guardrails:${taskQueue}`;
}

/** What `idflow ledger status` shows. */
export interface LedgerStatus {
  /** False: the ledger started without state and refuses every reservation until it is re-seeded. */
  seeded: boolean;
  /** Its counts (what still counts at the ledger's current time), when seeded. */
  state?: LedgerSnapshot;
  /** Cancel requests this run of the ledger received and ignored. */
  cancelRequestsIgnored: number;
}

/** Runs of the ledger started before it could refuse to start empty treat "no state" as empty. */
const REFUSE_UNSEEDED = 'idflow-ledger-refuses-unseeded';

/** Each update adds a handful of events; continue as new well before the history gets long. */
const UPDATES_PER_RUN = 500;

export interface LedgerOptions {
  /** Updates before it continues as new (tests make it small to exercise the hand-over). @default 500 */
  updatesPerRun?: number;
}

export async function guardrailLedger(snapshot?: LedgerSnapshot, options: LedgerOptions = {}): Promise<void> {
  let ledger: Ledger | undefined =
    snapshot !== undefined || !patched(REFUSE_UNSEEDED) ? new Ledger(snapshot) : undefined;
  const updatesPerRun = options.updatesPerRun ?? UPDATES_PER_RUN;
  let handled = 0;
  let cancelRequestsIgnored = 0;
  const status = (): LedgerStatus => ({
    seeded: ledger !== undefined,
    ...(ledger ? { state: ledger.snapshot(Date.now()) } : {}),
    cancelRequestsIgnored,
  });

  // A cancel request reaches the root scope only; everything below runs in a scope that cannot be
  // cancelled, so the request changes nothing but this count.
  CancellationScope.current().cancelRequested.catch(() => {
    cancelRequestsIgnored += 1;
    log.warn('the guardrail ledger ignores cancellation: its counts stay', {
      workflowId: workflowInfo().workflowId,
    });
  });

  setHandler(
    reserveMutationUpdate,
    (req: ReserveRequest): ReserveResult => {
      handled += 1;
      if (!ledger) return { granted: false, restarted: true };
      return ledger.reserve(req, Date.now());
    },
    { description: 'Count one mutation against its caps, or say which cap refuses it.' },
  );
  setHandler(
    seedLedgerUpdate,
    (seed: LedgerSnapshot): LedgerStatus => {
      ledger = new Ledger(seed);
      log.warn('the guardrail ledger was re-seeded', { origin: seed.origin?.kind ?? 'unknown' });
      return status();
    },
    {
      validator: (_seed: LedgerSnapshot) => {
        // A ledger with counts is never overwritten: re-seeding is for a ledger that lost them.
        if (ledger)
          throw ApplicationFailure.nonRetryable(
            'the guardrail ledger is running with its counts; only a ledger that was restarted can be re-seeded',
            'IdflowLedgerSeeded',
          );
      },
      description: 'Give a restarted ledger (no state) the counts rebuilt from the audit of the window.',
    },
  );
  setHandler(ledgerStatusQuery, status);

  await CancellationScope.nonCancellable(async () => {
    await condition(() => handled >= updatesPerRun || workflowInfo().continueAsNewSuggested);
    // Reservations accepted so far get their answer in this run; later ones go to the next.
    await condition(allHandlersFinished);
  });
  // Unseeded, it hands on no state: the next run refuses as this one did.
  await continueAsNew<typeof guardrailLedger>(ledger?.snapshot(Date.now()), options);
}
