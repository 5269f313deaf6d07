// Finding runs through idflow's search attributes (Temporal visibility).
import type { Client } from '@temporalio/client';

export interface RunFilter {
  playbook?: string;
  subject?: string;
  /** Temporal execution status: Running, Completed, Failed, Canceled, Terminated, TimedOut. */
  status?: string;
  limit?: number;
}

export interface RunSummary {
  workflowId: string;
  runId: string;
  status: string;
  playbook?: string;
  subject?: string;
  startTime: string;
  closeTime?: string;
}

const STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew'];

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The visibility query for a filter; every idflow run carries IdflowPlaybook. */
export function runQuery(filter: RunFilter): string {
  const clauses = ['IdflowPlaybook IS NOT NULL'];
  if (filter.playbook) clauses.push(`IdflowPlaybook = ${quote(filter.playbook)}`);
  if (filter.subject) clauses.push(`IdflowSubject = ${quote(filter.subject)}`);
  if (filter.status) {
    const status = STATUSES.find((s) => s.toLowerCase() === filter.status?.toLowerCase());
    if (!status) throw new Error(`unknown status ${filter.status}; one of ${STATUSES.join(', ')}`);
    clauses.push(`ExecutionStatus = ${quote(status)}`);
  }
  return clauses.join(' AND ');
}

export async function listRuns(client: Client, filter: RunFilter): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  const limit = filter.limit ?? 50;
  for await (const w of client.workflow.list({ query: runQuery(filter) })) {
    const attrs = w.typedSearchAttributes;
    const playbook = attrs.getAll().find((p) => p.key.name === 'IdflowPlaybook')?.value;
    const subject = attrs.getAll().find((p) => p.key.name === 'IdflowSubject')?.value;
    out.push({
      workflowId: w.workflowId,
      runId: w.runId,
      status: w.status.name,
      ...(typeof playbook === 'string' ? { playbook } : {}),
      ...(typeof subject === 'string' ? { subject } : {}),
      startTime: w.startTime.toISOString(),
      ...(w.closeTime ? { closeTime: w.closeTime.toISOString() } : {}),
    });
    if (out.length >= limit) break;
  }
  return out;
}
