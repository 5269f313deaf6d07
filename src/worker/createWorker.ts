// Builds a Temporal worker that runs idflow's workflows and the action catalog's activities.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import {
  createApprovalAnnouncements,
  type ApprovalAnnouncementOptions,
} from '../activities/approvalAnnouncements.js';
import { createPlaybookInputActivities } from '../activities/playbookInputs.js';
import { createSyncActivities, type SyncDeps } from '../activities/sync/activities.js';
import { encodeActivityFailures, type PayloadEncryption } from '../codec/index.js';

export interface IdflowWorkerOptions {
  connection: NativeConnection;
  /** @default 'default' */
  namespace?: string;
  /** @default 'idflow' */
  taskQueue?: string;
  /** A pre-built workflow bundle (tests build one per run); by default the worker bundles at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** What the activities talk to. */
  deps: ActivityDeps;
  /** How long in-flight activities get to finish on shutdown, in ms. @default 30000 */
  shutdownGraceMs?: number;
  identity?: string;
  /** Refuse every mutating action. @default false */
  readOnly?: boolean;
  /** Where "approval needed" messages go, and how their links are made. @default none are sent */
  announcements?: Omit<ApprovalAnnouncementOptions, 'notify'>;
  /**
   * The directory sync's other clients and limits (the store is `deps.store`). @default no Directory
   * Insights, no playbooks started for findings, 8 parents paged at once, no request ceiling
   */
  sync?: Omit<SyncDeps, 'jumpcloud' | 'store'>;
  /**
   * Encrypt every payload (and activity failure messages) with these keys; the clients that start and read
   * runs need the same keys. @default off
   */
  encryption?: PayloadEncryption;
}

export const DEFAULT_TASK_QUEUE = 'idflow';

/** The workflow entry point next to this module: the compiled .js in dist/, the .ts source under tsx. */
export function workflowsPath(): string {
  const js = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
}

export async function createIdflowWorker(options: IdflowWorkerOptions): Promise<Worker> {
  const actions = {
    ...createActivities({ ...options.deps, readOnly: options.readOnly ?? false }),
    ...createPlaybookInputActivities(),
  };
  const activities = {
    ...actions,
    ...createApprovalAnnouncements({ ...options.announcements, notify: actions['notify.message'] }),
    ...createSyncActivities({
      ...options.sync,
      jumpcloud: options.deps.jumpcloud,
      store: options.deps.store,
      readOnly: options.readOnly ?? false,
      ...(options.encryption ? { subjects: options.encryption } : {}),
    }),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: workflowsPath() }),
    activities,
    ...(options.encryption
      ? {
          dataConverter: options.encryption.dataConverter,
          interceptors: { activity: [encodeActivityFailures] },
        }
      : {}),
    shutdownGraceTime: options.shutdownGraceMs ?? 30_000,
    ...(options.identity ? { identity: options.identity } : {}),
  });
}
