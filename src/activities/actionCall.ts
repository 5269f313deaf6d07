// One action call as it passes through the worker: the arguments, the run's context (the activity's second
// argument), and the two doors an action has to the world — `read` (JumpCloud GETs and lists) and `write`
// (every change, named by kind and targets). Each activity is built once per worker as a chain of stages —
// arguments checked → read-only → dry run → guardrails → the action — and each stage may narrow what the
// doors do for the stages inside it (the dry run overlays reads and records writes; the guardrails check
// and count every write before it goes on). See src/activities/index.ts for the chain.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionInput, ActionName, ActionOutput, WriteOp } from '../catalog/index.js';
import type { ActionContext } from '../workflows/actionContext.js';
import type { TargetResolver } from './guardrails/targets.js';
import type { JumpCloudReader } from './jumpcloud/client.js';
import type { JumpCloudWrite } from './jumpcloud/writes.js';

/** A change outside JumpCloud (a chat message, an HTTP call): one call, one change. */
export interface OutsideWrite<T = unknown> {
  kind: 'outside';
  op: Extract<WriteOp, 'notify.message' | 'http.request'>;
  /** For people and the dry-run report: `would send a message to #it-approvals: …`. */
  text: string;
  /** Makes the change, and returns the action's output. */
  perform(): Promise<T>;
  /** The output a dry run gives instead (nothing was sent, so nothing answered). */
  dryRunOutput: T;
  /** A plain read (an HTTP GET): a dry run makes it, as it makes every read. */
  isRead?: boolean;
}

export type Write = JumpCloudWrite | OutsideWrite;

/** What an action implementation is given besides its arguments. */
export interface ActionIO {
  /** JumpCloud reads; in a dry run they see the run's would-be changes. */
  read: JumpCloudReader;
  /**
   * Makes one change of a kind the action declares: returns JumpCloud's answer (a JumpCloud write) or the
   * action's output (an outside write). It may refuse (read-only, guardrails) or, in a dry run, record.
   */
  write<T = unknown>(w: JumpCloudWrite | OutsideWrite<T>): Promise<T>;
}

/** The implementation of action `N`: its checked arguments and the call's doors in, its output out. */
export type ActionHandler<N extends ActionName> = (
  input: ActionInput<N>,
  io: ActionIO,
) => Promise<ActionOutput<N>>;

/** Implementations of some actions, one per name. */
export type ActionHandlers<N extends ActionName> = { [K in N]: ActionHandler<K> };

/** The state of one call as the stages hand it inward. */
export interface ActionCall {
  readonly action: ActionName;
  readonly input: unknown;
  /** The run's context; undefined when called outside a run (scripts, unit tests): a real run, no playbook. */
  readonly context: ActionContext | undefined;
  readonly workflowId: string;
  readonly activityId: string;
  read: JumpCloudReader;
  /** Names of the objects writes touch, read through `read` once per call. */
  targets: TargetResolver;
  /** Where writes go; a stage wraps the one it was given. */
  send: (w: Write) => Promise<unknown>;
}

export type CallHandler = (call: ActionCall) => Promise<unknown>;
export type Stage = (next: CallHandler) => CallHandler;

/** The declared kinds of write of `call.action`, as the set the write door checks against. */
export function ioFor(call: ActionCall, declared: ReadonlySet<WriteOp>): ActionIO {
  return {
    read: call.read,
    write: <T>(w: JumpCloudWrite | OutsideWrite<T>): Promise<T> => {
      if (!declared.has(w.op))
        // A programming error, not a user's: the catalog must declare every kind of write an action makes.
        return Promise.reject(
          ApplicationFailure.nonRetryable(
            `${call.action} made a write it does not declare (${w.op}): refused, nothing sent`,
            'IdflowUndeclaredWrite',
          ),
        );
      return call.send(w) as Promise<T>;
    },
  };
}
