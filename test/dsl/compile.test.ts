import { describe, expect, it } from 'vitest';
import { compilePlaybook, type Diagnostic } from '../../src/dsl/index.js';
import { compileExample, compileOrThrow } from '../helpers/playbooks.js';

const header = `apiVersion: idflow/v1
kind: Playbook
name: t
inputs:
  email: { type: string }
`;

function problems(text: string): Pick<Diagnostic, 'code' | 'line' | 'column'>[] {
  const r = compilePlaybook(text, 't.yaml');
  if (r.ok) return [];
  return r.diagnostics.map(({ code, line, column }) => ({ code, line, column }));
}

describe('compiler', () => {
  it('compiles the access-request example with positions and a stable hash', () => {
    const plan = compileExample('access-request.yaml');
    expect(plan.name).toBe('access-request');
    expect(plan.steps.map((s) => `${s.id}:${s.kind}`)).toEqual([
      'user:action',
      'group:action',
      'approval:approval',
      'grant:action',
    ]);
    expect(plan.steps[0]?.at).toEqual({ line: 13, column: 5 });
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the hash across comments and formatting but not across changes in meaning', () => {
    const base = `${header}steps:\n  - id: user\n    uses: jumpcloud.user.find\n    with: { email: '\${{ inputs.email }}' }\n`;
    const reformatted = `# a comment\n${header}\nsteps:\n  - id: user   # find them\n    uses: jumpcloud.user.find\n    with:\n      email: '\${{ inputs.email }}'\n`;
    const changed = base.replace('user.find', 'group.find').replace("email: '", "name: '");
    const a = compileOrThrow(base);
    expect(compileOrThrow(reformatted).hash).toBe(a.hash);
    expect(compileOrThrow(changed).hash).not.toBe(a.hash);
  });

  it('reports every problem with its code, line and column', () => {
    const text = `${header}steps:
  - id: user
    uses: jumpcloud.user.fnd
  - id: grant
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.usr.output.id }}', userId: '\${{ inputs.mail }}' }
  - id: ok
    approval: { approvers: [], timeout: 3 days }
`;
    expect(problems(text)).toEqual([
      { code: 'action.unknown', line: 8, column: 11 },
      { code: 'expr.unknownStep', line: 11, column: 27 },
      { code: 'expr.unknownName', line: 11, column: 65 },
      { code: 'approval.approvers', line: 13, column: 28 },
      { code: 'duration.invalid', line: 13, column: 41 },
    ]);
  });

  it('refuses forward references and names out of scope', () => {
    const text = `${header}steps:
  - id: a
    set: { x: '\${{ steps.b.output }}', y: '\${{ item }}' }
  - id: b
    set: { z: '\${{ vars.x }}' }
`;
    expect(problems(text).map((p) => p.code)).toEqual(['expr.forwardReference', 'expr.unknownName']);
  });

  it('rejects broken YAML, empty files and alias bombs without throwing', () => {
    expect(problems('steps: [')[0]?.code).toBe('yaml.syntax');
    expect(problems('   \n')[0]?.code).toBe('yaml.empty');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(problems(bomb)[0]?.code).toBe('yaml.aliases');
  });
});
