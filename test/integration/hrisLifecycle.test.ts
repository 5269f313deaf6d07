// The HRIS lifecycle through the real HTTP server: a signed "hired" event starts onboarding, the account
// exists STAGED (nobody can log in) until the start date and time, then it is ACTIVATED; a "terminated"
// event offboards the same person. The start is days ahead, on a time-skipping server that jumps to it.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandle, waitForState } from '../../src/client/runs.js';
import { hrisWebhookYaml } from '../../src/dev/devConfig.js';
import { PRESETS } from '../../src/server/presets.js';
import { signRequest } from '../../src/server/signature.js';
import { EXAMPLES, request, startServerStack, type ServerStack } from '../helpers/serverStack.js';
import { DAY, startTimeSkipping } from '../helpers/timeSkipping.js';

const SECRET = 'hris-lifecycle-secret-4c1a7e9b3d';

const CONFIG = `webhooks:\n${hrisWebhookYaml({ source: 'hris', secret: 'HRIS_SECRET', examples: EXAMPLES })}`;

describe('HRIS lifecycle through the HTTP server', () => {
  let env: TestWorkflowEnvironment;
  let s: ServerStack;
  beforeAll(async () => {
    env = await startTimeSkipping();
    s = await startServerStack('lifecycle', CONFIG, { HRIS_SECRET: SECRET }, { timeSkipping: env });
  });
  afterAll(async () => {
    await s?.close();
    await env?.teardown();
  });

  const deliver = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event);
    const headers = signRequest(PRESETS.generic.scheme, SECRET, body, String(Math.floor(Date.now() / 1000)));
    return request(`${s.url}/hooks/hris`, {
      body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
  };

  it('onboards STAGED, activates at the start time, and offboards on the end event', async () => {
    const email = 'quinn.lifecycle@example.com';
    // The start "date and time" three days ahead on the server's clock, in UTC, to the second.
    const start = new Date(Math.ceil(((await env.currentTimeMs()) + 3 * DAY) / 1000) * 1000);
    const [date, time] = start.toISOString().split('T') as [string, string];
    const hired = await deliver({
      id: 'evt-hire-quinn',
      type: 'employee.hired',
      data: {
        workEmail: email,
        firstName: 'Quinn',
        lastName: 'Lifecycle',
        department: 'Sales',
        managerEmail: 'dana.whitfield@example.com',
        startDate: date,
        startTime: time.slice(0, 8),
      },
    });
    expect(hired.status).toBe(202);
    const runId = (hired.json.runs as { id: string }[] | undefined)?.[0]?.id ?? (hired.json.id as string);
    expect(runId).toContain('onboarding:quinn.lifecycle@example.com:');

    await waitForState(s.stack.client, runId, (st) =>
      st.steps.some((x) => x.key === 'startDay' && x.status === 'waiting'),
    );
    const staged = s.stack.sim.directory.findUserByEmail(email)!;
    expect(staged.state).toBe('STAGED');
    expect(await env.currentTimeMs()).toBeLessThan(start.getTime());

    const result = await runHandle(s.stack.client, runId).result();
    const activated = result.steps.find((x) => x.key === 'activate');
    expect(Date.parse(activated?.startedAt ?? '')).toBeGreaterThanOrEqual(start.getTime());
    expect(result.outputs.activated).toBe(true);
    expect(s.stack.sim.directory.findUserByEmail(email)?.state).toBe('ACTIVATED');

    const left = await deliver({
      id: 'evt-leave-quinn',
      type: 'employee.terminated',
      data: { workEmail: email, lastDay: '2024-01-31' },
    });
    expect(left.status).toBe(202);
    const leaveId = (left.json.runs as { id: string }[] | undefined)?.[0]?.id ?? (left.json.id as string);
    await runHandle(s.stack.client, leaveId).result();
    const after = s.stack.sim.directory.findUserByEmail(email)!;
    expect(after.state).toBe('SUSPENDED');
    expect(s.stack.sim.directory.groupsOf(after._id)).toEqual([]);
  });
});
