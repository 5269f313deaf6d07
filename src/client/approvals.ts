// Pending approvals across running idflow runs, for approvers who are not Temporal users.
import type { Client } from '@temporalio/client';
import { normalizeEmail } from '../workflows/approvals.js';
import type { ApprovalView } from '../workflows/types.js';
import { listRuns } from './list.js';
import { queryState } from './runs.js';

export interface PendingApproval extends ApprovalView {
  workflowId: string;
  playbook: string;
  subject: string;
}

/** Every approval waiting for a decision, optionally only those a given person may decide. */
export async function listPendingApprovals(
  client: Client,
  options: { for?: string; limit?: number } = {},
): Promise<PendingApproval[]> {
  const who = options.for ? normalizeEmail(options.for) : undefined;
  const runs = await listRuns(client, { status: 'Running', limit: options.limit ?? 500 });
  const states = await Promise.all(
    runs.map(async (r) => {
      try {
        return { run: r, state: await queryState(client, r.workflowId) };
      } catch {
        return undefined; // A run no worker can answer for right now is not listed; `idflow status` explains.
      }
    }),
  );
  const out: PendingApproval[] = [];
  for (const entry of states) {
    if (!entry) continue;
    for (const a of entry.state.approvals) {
      if (a.status !== 'pending') continue;
      if (who && !a.approvers.includes(who)) continue;
      out.push({
        ...a,
        workflowId: entry.run.workflowId,
        playbook: entry.state.playbook,
        subject: entry.state.subject,
      });
    }
  }
  return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}
