// The guardrail ledger: one long-lived workflow per task queue (one idflow deployment) that counts
// mutations against the blast-radius caps. Activities reserve a mutation through a Workflow Update before
// they send it; Temporal runs the updates one at a time, so concurrent runs and retries cannot get past a
// cap, and the counters live in Temporal like the rest of idflow's state. The history is kept short by
// continuing as new with the counters that still matter.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineUpdate,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { Ledger, type LedgerSnapshot, type ReserveRequest, type ReserveResult } from './ledger.js';

export const reserveMutationUpdate = defineUpdate<ReserveResult, [ReserveRequest]>('reserveMutation');

/** Each update adds a handful of events; continue as new well before the history gets long. */
const UPDATES_PER_RUN = 500;

export interface LedgerOptions {
  /** Updates before it continues as new (tests make it small to exercise the hand-over). @default 500 */
  updatesPerRun?: number;
}

export async function guardrailLedger(snapshot?: LedgerSnapshot, options: LedgerOptions = {}): Promise<void> {
  const ledger = new Ledger(snapshot);
  const updatesPerRun = options.updatesPerRun ?? UPDATES_PER_RUN;
  let handled = 0;
  setHandler(
    reserveMutationUpdate,
    (req: ReserveRequest) => {
      handled += 1;
      return ledger.reserve(req, Date.now());
    },
    { description: 'Count one mutation against its caps, or say which cap refuses it.' },
  );
  await condition(() => handled >= updatesPerRun || workflowInfo().continueAsNewSuggested);
  // Reservations accepted so far get their answer in this run; later ones go to the next.
  await condition(allHandlersFinished);
  await continueAsNew<typeof guardrailLedger>(ledger.snapshot(Date.now()), options);
}
