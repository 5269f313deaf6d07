// Signals, queries, updates and search attributes of idflow's workflows, declared once so that the
// workflow, the worker and every client agree on names and types.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SyncProgress } from '../sync/types.js';
import type { DecisionRequest, DecisionResult, RunState } from './types.js';

export const idflowSearchAttributes = {
  /** The playbook's `name`. */
  playbook: defineSearchAttributeKey('IdflowPlaybook', 'KEYWORD'),
  /** Who the run is about (usually an email), from the playbook's `subject`. */
  subject: defineSearchAttributeKey('IdflowSubject', 'KEYWORD'),
  /** The content hash of the compiled Plan the run is pinned to. */
  planHash: defineSearchAttributeKey('IdflowPlanHash', 'KEYWORD'),
} as const;

export const approveUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('approve');
export const rejectUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('reject');
export const stateQuery = defineQuery<RunState>('state');

/** Where a directory sync stands: its snapshot, phase and items stored per resource. */
export const syncProgressQuery = defineQuery<SyncProgress>('syncProgress');
