// Histories of real runs, kept in test/fixtures/histories and replayed against the current workflow code:
// a change that would break running executions fails the replay test instead of production.
// Record (or re-record) with `IDFLOW_RECORD_HISTORIES=1 npx vitest run test/integration test/e2e/syncAcceptance.test.ts`.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.IDFLOW_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await writeFile(`${HISTORIES_DIR}${name}.json`, historyToJSON(history) + '\n');
}
