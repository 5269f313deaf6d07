// "Approval needed" messages close the loop: an approval opens, the approvers get a chat message with a
// signed link each, the link opens the page on the real HTTP server, the decision goes to the run. The
// links never enter the workflow history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForState } from '../../src/client/runs.js';
import { inboxSecrets } from '../../src/dev/inbox.js';
import { createSecretResolver } from '../../src/secrets/resolver.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { compileExample } from '../helpers/playbooks.js';
import { startWorker, type RunningWorker } from '../helpers/temporal.js';
import { startServerStack, type ServerStack } from '../helpers/serverStack.js';

const LINK_KEY = 'announce-link-signing-key-0123456789abcdef';

describe('approval announcements with links', () => {
  let s: ServerStack;
  let worker: RunningWorker;

  beforeAll(async () => {
    s = await startServerStack('announce', 'approvals: { signingKey: LINK_KEY, ttl: 72h }\n', { LINK_KEY });
    // The stack's worker knows nothing of the server; replace it with one that announces approvals.
    await s.stack.worker.stop();
    worker = await startWorker(
      s.stack.taskQueue,
      {
        jumpcloud: s.stack.jc,
        secrets: createSecretResolver({ fileContent: JSON.stringify(inboxSecrets(s.stack.inbox)) }),
      },
      { announcements: { channelSecret: 'CHAT_WEBHOOK_URL', links: { publicUrl: s.url, key: LINK_KEY } } },
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('sends the manager a link that approves the request through the page', async () => {
    const plan = compileExample('access-request.yaml');
    const run = await s.stack.start(
      plan,
      { email: FIXTURE_USERS.engineer.email, group: 'Marketing', reason: 'campaign' },
      { requestedBy: FIXTURE_USERS.helpDesk.email },
    );
    const state = await waitForState(
      s.stack.client,
      run.workflowId,
      (st) => st.approvals[0]?.announcement?.startsWith('sent') === true,
    );
    expect(state.approvals[0]?.announcement).toBe('sent (1 link)');

    const message = s.stack.inbox.messages().find((m) => m.text.includes('Approval needed'));
    expect(message?.to).toBe(FIXTURE_USERS.engManager.email);
    const link = new RegExp(`${FIXTURE_USERS.engManager.email}: (http://\\S+/approve/\\S+)`).exec(
      message?.text ?? '',
    )?.[1];
    expect(link).toBeDefined();

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Add Jordan Lee to Marketing');
    const answer = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve', comment: 'from the chat link' }).toString(),
    });
    expect(answer.status).toBe(200);
    const result = await run.handle.result();
    expect(result.outputs.granted).toBe(true);

    const token = link!.split('/approve/')[1]!;
    const history = JSON.stringify(await run.handle.fetchHistory());
    expect(history).not.toContain(token);
    expect(history).not.toContain(token.split('.')[1]!); // not even the signature part
  });
});
