// A flaky, rate-limiting JumpCloud: 20% 503s, 10% 429s with Retry-After, latency spikes. Every run still
// completes, each membership is added exactly once, and after a 429 the worker sends nothing to JumpCloud
// until the Retry-After has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const RETRY_AFTER_S = 2;
/** A request already on the wire (or queued behind a busy event loop) when the 429 was answered is not a violation. */
const IN_FLIGHT_GRACE_MS = 500;

const playbook = `apiVersion: idflow/v1
kind: Playbook
name: faults
inputs:
  email: { type: string }
subject: \${{ inputs.email }}
defaults:
  retry: { maxAttempts: 30, initialInterval: 200ms, backoff: 1.5, maxInterval: 2s }
steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: group
    uses: jumpcloud.group.find
    with: { name: VPN Users }
  - id: join
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.group.output.id }}', userId: '\${{ steps.user.output.id }}' }
  - id: check
    uses: jumpcloud.user.groups
    with: { userId: '\${{ steps.user.output.id }}' }
outputs:
  member: \${{ 'VPN Users' in steps.check.output.names }}
`;

describe('runs against a faulty JumpCloud', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('faults', { seed: 9, users: 80 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('all complete, nothing is applied twice, and no request goes out before its Retry-After', async () => {
    const vpn = stack.sim.directory.groupByName('VPN Users')!;
    const people = stack.sim.directory
      .users()
      .filter((u) => u.state === 'ACTIVATED' && !stack.sim.directory.isMember(vpn.id, u._id))
      .slice(0, 20);
    expect(people).toHaveLength(20);
    stack.sim.setFaults({
      rate503: 0.2,
      rate429: 0.1,
      retryAfterSeconds: RETRY_AFTER_S,
      latencyMs: 10,
      latencyJitterMs: 300,
    });

    const runs = await Promise.all(people.map((p) => stack.start(playbook, { email: p.email })));
    const results = await Promise.all(runs.map((r) => r.handle.result()));
    stack.sim.setFaults({});

    expect(results.map((r) => r.outputs.member)).toEqual(people.map(() => true));
    const adds = stack.sim.audit().filter((a) => a.operation === 'usergroup.member.add');
    expect(adds).toHaveLength(20);
    expect(new Set(adds.map((a) => String(a.detail?.userId))).size).toBe(20);

    const log = stack.sim.requests();
    const limited = log.filter((r) => r.status === 429);
    const unavailable = log.filter((r) => r.status === 503);
    // The faults really happened, in numbers that exercise both paths.
    expect(limited.length).toBeGreaterThan(3);
    expect(unavailable.length).toBeGreaterThan(5);
    const violations = limited.flatMap((e) =>
      log
        .filter(
          (r) => r.at > e.respondedAt + IN_FLIGHT_GRACE_MS && r.at < e.respondedAt + RETRY_AFTER_S * 1000,
        )
        .map((r) => `${r.method} ${r.path} at +${r.at - e.respondedAt} ms after the 429 of #${e.seq}`),
    );
    expect(violations).toEqual([]);
  }, 180_000);
});
