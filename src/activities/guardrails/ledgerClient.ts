// The activities' side of the ledger: reserve a mutation with an Update-with-Start (the ledger workflow is
// started on first use, and found again after it continued as new). Reservations from one process go one
// at a time: the server holds only a few updates in flight per workflow (10 by default), and a ledger
// update takes a few milliseconds, so queueing here is both faster and quieter than being refused there.
// Transient refusals (in-flight limit, an update aborted by a concurrent task) are retried here a while
// before the activity's own retry policy takes over.
//
// The ledger it starts is the genesis ledger (empty counts), and the server starts it only if its id was
// never used: once a ledger was terminated, the start is rejected and every capped write is refused until an
// operator re-seeds the ledger (`idflow ledger reseed`), instead of counting from zero again.
import { Context } from '@temporalio/activity';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { guardrailLedger, ledgerWorkflowId, reserveMutationUpdate } from '../../workflows/guardrailLedger.js';
import { genesisSnapshot, type ReserveRequest, type ReserveResult } from '../../workflows/ledger.js';

export interface LedgerClient {
  /** Counts one mutation against its caps, or names the cap that refuses it. Idempotent by `key`. */
  reserve(req: ReserveRequest): Promise<ReserveResult>;
}

/** gRPC codes worth another try: deadline exceeded, resource exhausted, aborted, unavailable. */
const TRANSIENT_CODES = new Set([4, 8, 10, 14]);
const RETRY_FOR_MS = 20_000;

function isTransient(err: unknown): boolean {
  if (err instanceof WorkflowUpdateFailedError) return false;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && TRANSIENT_CODES.has(code)) return true;
    if (e.name === 'ServiceError' || e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  }
  return false;
}

/** The start was rejected because a ledger with this id ran before and is closed. */
function isClosedLedger(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause)
    if (e instanceof WorkflowExecutionAlreadyStartedError) return true;
  return false;
}

/** Per ledger, the reservation this process sent last: the next waits for it. */
const queues = new Map<string, Promise<unknown>>();

function queued<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

export function createTemporalLedger(client: Client, taskQueue: string): LedgerClient {
  const workflowId = ledgerWorkflowId(taskQueue);
  const once = async (req: ReserveRequest): Promise<ReserveResult> => {
    try {
      return await client.workflow.executeUpdateWithStart(reserveMutationUpdate, {
        args: [req],
        startWorkflowOperation: new WithStartWorkflowOperation(guardrailLedger, {
          workflowId,
          taskQueue,
          args: [genesisSnapshot(Date.now())],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          // A closed ledger (terminated, or cancelled by an older idflow) lost its counts: never start anew.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      });
    } catch (err) {
      if (isClosedLedger(err)) return { granted: false, restarted: true };
      throw err;
    }
  };
  return {
    reserve(req) {
      return queued(`${client.options.namespace}/${workflowId}`, async () => {
        const deadline = Date.now() + RETRY_FOR_MS;
        for (let delay = 25; ; delay = Math.min(delay * 2, 1_000)) {
          try {
            return await once(req);
          } catch (err) {
            if (!isTransient(err) || Date.now() + delay > deadline) throw err;
            await new Promise((r) => setTimeout(r, delay));
          }
        }
      });
    },
  };
}

/**
 * The ledger of the worker running the current activity: its own client (same connection, namespace and
 * data converter, so reservations are encrypted like everything else) and its task queue.
 */
export const workerLedger: LedgerClient = {
  reserve: (req) => {
    const ctx = Context.current();
    return createTemporalLedger(ctx.client, ctx.info.taskQueue).reserve(req);
  },
};
