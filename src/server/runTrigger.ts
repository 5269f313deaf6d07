// Who asked for a run. The `state` query does not carry the trigger, but the workflow's input does: it is
// in the first event of the history, which one page of size 1 fetches (the history may be long; this reads
// one event). (Asked of the lead: put `requestedBy` in RunState, then this goes.)
import type { Client } from '@temporalio/client';
import type { RunPlaybookInput, Trigger } from '../workflows/types.js';

/** The run's workflow input: its Plan, inputs, subject and trigger. */
export async function readRunInput(
  client: Client,
  workflowId: string,
): Promise<RunPlaybookInput | undefined> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  let payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads?.length) return undefined;
  // Codecs (encryption, compression) unwrap in the reverse of the order they were applied.
  const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
  for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
  const first = payloads[0];
  return first ? payloadConverter.fromPayload<RunPlaybookInput>(first) : undefined;
}

export async function readRunTrigger(client: Client, workflowId: string): Promise<Trigger | undefined> {
  return (await readRunInput(client, workflowId))?.trigger;
}
