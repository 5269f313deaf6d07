// Guardrails at compile time: a denied group or a protected user that is a literal fails `idflow validate`
// with a stable code at its line; the same group from an expression compiles (the activity refuses it at
// run time — test/integration/guardrailLists.test.ts). Checked by code and line, not message text.
import { describe, expect, it } from 'vitest';
import { compilePlaybook, type Diagnostic } from '../../src/dsl/index.js';

const playbook = (guardrails: string, steps: string): string => `apiVersion: idflow/v1
kind: Playbook
name: lists
inputs:
  group: { type: string }
${guardrails}steps:
${steps}`;

function problems(
  text: string,
  options: Parameters<typeof compilePlaybook>[2] = {},
): Pick<Diagnostic, 'code' | 'line'>[] {
  const r = compilePlaybook(text, 'lists.yaml', options);
  return r.diagnostics.filter((d) => d.severity === 'error').map(({ code, line }) => ({ code, line }));
}

const addTo = (find: string) => `  - id: group
    uses: jumpcloud.group.find
    with: ${find}
  - id: user
    uses: jumpcloud.user.find
    with: { email: jordan.lee@example.com }
  - id: add
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.group.output.id }}', userId: '\${{ steps.user.output.id }}' }
`;

describe('guardrails at compile time', () => {
  it('refuses a literal admin group by the default policy, at the groupId', () => {
    expect(problems(playbook('', addTo('{ name: IT Admins }')))).toEqual([
      { code: 'guardrail.group', line: 15 },
    ]);
  });

  it('lets the same group through when it comes from an expression (checked at run time)', () => {
    expect(problems(playbook('', addTo("{ name: '${{ inputs.group }}' }")))).toEqual([]);
  });

  it('applies the playbook’s own lists, and the operator’s when the caller passes them', () => {
    const own = 'guardrails:\n  userGroups: { allow: [Support] }\n';
    expect(problems(playbook(own, addTo('{ name: Engineering }')))).toEqual([
      { code: 'guardrail.group', line: 17 },
    ]);
    expect(problems(playbook(own, addTo('{ name: Support }')))).toEqual([]);
    expect(
      problems(playbook('', addTo('{ name: Finance }')), {
        guardrails: { userGroups: { deny: ['Finance'] } },
      }),
    ).toEqual([{ code: 'guardrail.group', line: 15 }]);
  });

  it('refuses changing a protected user found by a literal email', () => {
    const g = 'guardrails:\n  protectedUsers: [JORDAN.LEE@example.com]\n';
    expect(problems(playbook(g, addTo('{ name: Support }')))).toEqual([
      { code: 'guardrail.protected', line: 17 },
    ]);
  });

  it('checks the block itself: actions, caps, the raising approval', () => {
    const g = `guardrails:
  actions: [jumpcloud.group.find, jumpcloud.user.find, jumpcloud.user.fnid]
  limits:
    jumpcloud.user.find: { perRun: 3 }
    '*': { perHour: 10 }
  raise: { approval: add, limits: { '*': { perHour: 20 } } }
`;
    expect(problems(playbook(g, addTo('{ name: Support }')))).toEqual([
      { code: 'guardrail.unknownAction', line: 7 },
      { code: 'guardrail.limit', line: 9 },
      { code: 'guardrail.raise', line: 11 },
      { code: 'guardrail.action', line: 20 },
    ]);
  });

  it('puts the declared guardrails in the Plan (and so in its hash)', () => {
    const g = "guardrails:\n  limits: { 'jumpcloud.group.addMember': { perRun: 1 } }\n";
    const with_ = compilePlaybook(playbook(g, addTo('{ name: Support }')), 'a.yaml');
    const without = compilePlaybook(playbook('', addTo('{ name: Support }')), 'a.yaml');
    expect(with_.ok && with_.plan.guardrails).toEqual({
      limits: { 'jumpcloud.group.addMember': { perRun: 1 } },
    });
    expect(with_.ok && without.ok && with_.plan.hash !== without.plan.hash).toBe(true);
  });
});
