// The approval page as an approver meets it, in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): open the link, read what is asked, comment, approve, see the outcome — and the run
// carries on. Tampered, expired and reused links are refused with a page that says so, and change nothing.
// Screenshots go to test/artifacts/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandle, startRun, waitForState } from '../../src/client/runs.js';
import { mintApprovalLinks, signApprovalToken } from '../../src/trust/links.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { ApprovalView } from '../../src/workflows/types.js';
import { FIXTURES, request, startServerStack, type ServerStack } from '../helpers/serverStack.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LINK_KEY = 'approval-page-link-key-8d6b4f2a0e8c6a4b2d0f';
const XSS_REASON = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"quoted" & more`;
const XSS_COMMENT = `<b onmouseover="window.__pwned=3">looks fine</b> & </textarea><script>window.__pwned=4</script>`;

/** The page's globals, which this Node-typed project does not declare. */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

const CONFIG = `
playbooks: [${FIXTURES}approval.yaml, ${FIXTURES}approval-quorum.yaml]
approvals: { signingKey: LINK_KEY, ttl: 1h }
`;

describe('approval links in a browser', () => {
  let s: ServerStack;
  let browser: Browser;
  let page: Page;
  let keys = 0;
  const cspViolations: string[] = [];

  async function openRun(
    playbook: string,
    inputs: Record<string, unknown>,
  ): Promise<{ id: string; approval: ApprovalView }> {
    const plan = s.server.context.config.playbooks.get(playbook);
    if (!plan) throw new Error(`no playbook ${playbook}`);
    const { workflowId } = await startRun(s.stack.client, {
      plan,
      inputs,
      trigger: { kind: 'test', requestedBy: FIXTURE_USERS.helpDesk.email },
      key: `page-${Date.now()}-${keys++}`,
      taskQueue: s.stack.taskQueue,
    });
    const state = await waitForState(s.stack.client, workflowId, (st) =>
      st.approvals.some((a) => a.status === 'pending'),
    );
    const approval = state.approvals[0];
    if (!approval) throw new Error('no approval');
    return { id: workflowId, approval };
  }

  function linkFor(
    id: string,
    approval: ApprovalView,
    approver: string,
    ttlMs = 3_600_000,
    nowMs = Date.now(),
  ): string {
    const [link] = mintApprovalLinks({
      baseUrl: s.url,
      key: LINK_KEY,
      workflowId: id,
      stepId: approval.stepId,
      approvers: [approver],
      ttlMs,
      nowMs,
    });
    if (!link) throw new Error('no link');
    return link.url;
  }

  const heading = (): Promise<string> => page.locator('h1').innerText();

  beforeAll(async () => {
    s = await startServerStack('page', CONFIG, { LINK_KEY });
    await mkdir(ARTIFACTS, { recursive: true });
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run npm run setup:chromium (Debian's chromium), or set CHROMIUM_PATH`,
      );
    // As root (CI), Chromium's sandbox cannot start; the page under test is our own.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ colorScheme: 'light' });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('open the link, read what is asked, approve with a comment, see the outcome; the run grants the access', async () => {
    const { id, approval } = await openRun('server-test-approval', {
      email: FIXTURE_USERS.engineer.email,
      group: 'Support',
      reason: XSS_REASON,
    });
    expect(approval.approvers).toEqual([FIXTURE_USERS.engManager.email]);
    const url = linkFor(id, approval, FIXTURE_USERS.engManager.email);

    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await heading()).toBe('Approval requested');
    // What is asked, by whom, for whom — markup in the title shown as text, never run.
    expect(await page.locator('#ask').innerText()).toBe(`Add Jordan Lee to Support: ${XSS_REASON}`);
    expect(await page.locator('#ask img, #ask script').count()).toBe(0);
    const details = await page.locator('dl').innerText();
    expect(details).toContain(`Requested by\n${FIXTURE_USERS.helpDesk.email}`);
    expect(details).toContain(`For\n${FIXTURE_USERS.engineer.email}`);
    expect(details).toContain(`Your decision as\n${FIXTURE_USERS.engManager.email}`);
    // The one inline stylesheet is allowed by its hash (a mismatch would leave the page unstyled).
    const approveColour = await page
      .getByRole('button', { name: 'Approve' })
      .evaluate((b) => (globalThis as unknown as BrowserGlobals).getComputedStyle(b).backgroundColor);
    expect(approveColour).toBe('rgb(26, 127, 55)');
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}approval-page.png`, fullPage: true });

    await page.getByLabel('Comment').fill(XSS_COMMENT);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForLoadState();
    expect(await heading()).toBe('You approved');
    expect(await page.getByRole('status').innerText()).toContain(
      'Your decision was recorded. The approval is granted; the run continues.',
    );
    expect(await page.locator('dd').last().innerText()).toBe(XSS_COMMENT);
    await page.screenshot({ path: `${ARTIFACTS}approval-outcome.png`, fullPage: true });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    expect(await runHandle(s.stack.client, id).result()).toMatchObject({ outputs: { granted: true } });
    expect(s.stack.operations().filter((o) => o.startsWith('usergroup.member.add'))).toHaveLength(1);

    // The link again, after the run has finished: already decided, nothing changes.
    await page.goto(url);
    expect(await heading()).toBe('Already decided');
    expect(await page.getByRole('status').innerText()).toMatch(/^You approved this request at /);
    const post = await request(url, {
      body: 'decision=reject',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(200);
    expect(post.text).toContain('<h1>Already decided</h1>');
    expect(s.stack.operations().filter((o) => o.startsWith('usergroup.member'))).toHaveLength(1);
  });

  it('refuses tampered and expired links with a clear page, and they change nothing', async () => {
    const { id, approval } = await openRun('server-test-quorum', {
      email: FIXTURE_USERS.engineer.email,
      reason: 'tamper test',
    });
    const url = linkFor(id, approval, FIXTURE_USERS.engManager.email);
    const token = url.split('/approve/')[1] ?? '';

    // Another approver's claim under this link's signature; a flipped character; a truncated link.
    const other = signApprovalToken(LINK_KEY, {
      workflowId: id,
      stepId: 'approval',
      approver: FIXTURE_USERS.itManager.email,
      expiresAt: Date.now() + 60_000,
    });
    const tampered = [
      `${other.split('.')[0] ?? ''}.${token.split('.')[1] ?? ''}`,
      token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11),
      token.slice(0, -5),
    ];
    for (const t of tampered) {
      const res = await page.goto(`${s.url}/approve/${t}`);
      expect(res?.status()).toBe(403);
      expect(await heading()).toBe('This link is not valid');
      const post = await request(`${s.url}/approve/${t}`, {
        body: 'decision=approve',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(post.status).toBe(403);
    }
    const garbled = await page.goto(`${s.url}/approve/not-a-token`);
    expect(garbled?.status()).toBe(400);
    expect(await heading()).toBe('This link is not valid');
    expect(await page.getByRole('status').innerText()).toBe(
      'The link is damaged. Open it from your notification again, exactly as it was sent.',
    );
    await page.screenshot({ path: `${ARTIFACTS}approval-tampered.png` });

    const expired = linkFor(id, approval, FIXTURE_USERS.engManager.email, 60_000, Date.now() - 120_000);
    const res = await page.goto(expired);
    expect(res?.status()).toBe(410);
    expect(await heading()).toBe('This link has expired');
    expect(await page.getByRole('status').innerText()).toMatch(
      /^This link stopped working at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\. Ask for a new link/,
    );
    const post = await request(expired, {
      body: 'decision=approve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(410);
    await page.screenshot({ path: `${ARTIFACTS}approval-expired.png` });

    const state = await waitForState(s.stack.client, id, () => true);
    expect(state.approvals[0]?.decisions).toEqual([]);
    expect(state.approvals[0]?.status).toBe('pending');
  });

  it('a reused link shows "already decided"; a changed decision is refused with the run’s reason; the other approver sees both', async () => {
    const { id, approval } = await openRun('server-test-quorum', {
      email: FIXTURE_USERS.engineer.email,
      reason: 'reuse test',
    });
    const manager = linkFor(id, approval, FIXTURE_USERS.engManager.email);
    const form = (decision: string, comment = ''): ReturnType<typeof request> =>
      request(manager, {
        body: new URLSearchParams({ decision, comment }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    const first = await form('approve', XSS_COMMENT);
    expect(first.status).toBe(200);
    expect(first.text).toContain('<h1>You approved</h1>');
    expect(first.text).toContain('1 of 2 approvals and waits for the others');
    expect(first.text).not.toContain('<script>window.__pwned');
    expect(first.text).toContain('&lt;script&gt;window.__pwned=4&lt;/script&gt;');

    const repeat = await form('approve');
    expect(repeat.status).toBe(200);
    expect(repeat.text).toContain('<h1>Already decided</h1>');
    expect(repeat.text).toContain('You already approved this request. Nothing was changed.');

    const changed = await form('reject');
    expect(changed.status).toBe(409);
    expect(changed.text).toContain('<h1>Your decision was not accepted</h1>');
    expect(changed.text).toContain(
      `${FIXTURE_USERS.engManager.email} already decided \`approve\` on step approval; a decision cannot be changed`,
    );

    const bad = await request(manager, {
      body: 'decision=maybe',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
    expect(bad.text).toContain('The form did not arrive as sent.');

    // The IT manager's own link shows the first decision, its comment escaped.
    await page.goto(linkFor(id, approval, FIXTURE_USERS.itManager.email));
    expect(await heading()).toBe('Approval requested');
    expect(await page.locator('ul.decisions').innerText()).toContain(XSS_COMMENT);
    expect(await page.locator('ul.decisions b, ul.decisions script').count()).toBe(0);
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.waitForLoadState();
    expect(await heading()).toBe('You rejected');
    expect(await s.stack.client.workflow.getHandle(id).result()).toMatchObject({
      outputs: { approved: false },
    });
  });

  it('counts link decisions by outcome in /metrics', async () => {
    const metrics = await request(`${s.url}/metrics`);
    expect(metrics.text).toMatch(/idflow_approval_link_decisions_total\{outcome="recorded"\} [3-9]/);
    expect(metrics.text).toMatch(/idflow_approval_link_decisions_total\{outcome="invalid"\} \d+/);
    expect(metrics.text).toMatch(/idflow_approval_link_decisions_total\{outcome="refused"\} 1/);
    expect(s.logs.join('\n')).not.toContain(LINK_KEY);
  });
});
