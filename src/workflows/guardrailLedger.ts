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
import {
  Ledger,
  type LedgerSnapshot,
  type ReserveRequest,
  type ReserveResult,
} from '../guardrails/ledger.js';

export const reserveMutationUpdate = defineUpdate<ReserveResult, [ReserveRequest]>('reserveMutation');

/** Each update adds a handful of events; continue as new well before the history gets long. */
const UPDATES_PER_RUN = 500;

export async function guardrailLedger(snapshot?: LedgerSnapshot): Promise<void> {
  const ledger = new Ledger(snapshot);
  let handled = 0;
  setHandler(
    reserveMutationUpdate,
    (req: ReserveRequest) => {
      handled += 1;
      return ledger.reserve(req, Date.now());
    },
    { description: 'Count one mutation against its caps, or say which cap refuses it.' },
  );
  await condition(() => handled >= UPDATES_PER_RUN || workflowInfo().continueAsNewSuggested);
  // Reservations accepted so far get their answer in this run; later ones go to the next.
  await condition(allHandlersFinished);
  await continueAsNew<typeof guardrailLedger>(ledger.snapshot(Date.now()));
}
