// What the guardrail tests share: the one-person suspension playbook they attack caps with, and the people
// they may suspend (active, and none of the fixtures other tests rely on as managers, approvers or
// break-glass accounts).
import type { Simulator } from '../../src/simulator/index.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';

export const SUSPEND_ONE = `apiVersion: idflow/v1
kind: Playbook
name: suspend-one
inputs:
  email: { type: string }
steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: suspend
    uses: jumpcloud.user.suspend
    with: { userId: '\${{ steps.user.output.id }}' }
`;

/** Emails of active people who are not fixtures, in the directory's order. */
export function bystanders(sim: Simulator): string[] {
  const fixtures = new Set(Object.values(FIXTURE_USERS).map((f) => f.email));
  return sim.directory
    .users()
    .filter((u) => u.state === 'ACTIVATED' && !fixtures.has(u.email))
    .map((u) => u.email);
}

/** How many suspensions the simulator has applied. */
export function suspensions(sim: Simulator): number {
  return sim.audit().filter((a) => a.operation === 'systemuser.suspend').length;
}
