// The compiler on the examples and on the language's rules: golden Plans, the hash's stability, scope and
// types, children, and the Plan fields the interpreter relies on.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePlaybook, type Diagnostic, type Plan, type PlanStep } from '../../src/dsl/index.js';
import { compileExample, compileOrThrow } from '../helpers/playbooks.js';

const EXAMPLES = ['access-request', 'password-reset', 'mfa-reset', 'onboarding', 'offboarding'];

const header = `apiVersion: idflow/v1
kind: Playbook
name: t
inputs:
  email: { type: string }
  days: { type: integer, default: 3 }
  ratio: { type: number, default: 0.5 }
`;

function problems(text: string): Pick<Diagnostic, 'code' | 'line' | 'column'>[] {
  const r = compilePlaybook(text, 't.yaml');
  return r.ok ? [] : r.diagnostics.map(({ code, line, column }) => ({ code, line, column }));
}

function golden(name: string, plan: Plan): void {
  const file = fileURLToPath(new URL(`./golden/${name}.plan.json`, import.meta.url));
  const actual = { ...plan, source: `examples/${name}.yaml` };
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  // Compared as data, so the file may be formatted by prettier.
  expect(actual, 'the Plan changed: review it, then run UPDATE_GOLDEN=1 npx vitest run test/dsl').toEqual(
    JSON.parse(readFileSync(file, 'utf8')),
  );
}

describe('compiler', () => {
  it.each(EXAMPLES)('compiles examples/%s.yaml to its golden Plan', (name) => {
    golden(name, compileExample(`${name}.yaml`));
  });

  it('keeps the access-request step ids and outputs the end-to-end test drives', () => {
    const plan = compileExample('access-request.yaml');
    expect(plan.steps.map((s) => s.id)).toEqual(
      expect.arrayContaining(['user', 'group', 'approval', 'grant']),
    );
    expect(Object.keys(plan.outputs)).toEqual(['granted', 'approvedBy']);
    expect(plan.steps[0]?.at).toEqual({ line: 17, column: 5 });
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the hash across comments and formatting but not across changes in meaning', () => {
    const base = `${header}steps:\n  - id: user\n    uses: jumpcloud.user.find\n    with: { email: '\${{ inputs.email }}' }\n`;
    const reformatted = `# a comment\n${header}\nsteps:\n  - id: user   # find them\n    uses: jumpcloud.user.find\n    with:\n      email: "\${{inputs.email}}"\n`;
    const changed = base.replace('user.find', 'group.find').replace("email: '", "name: '");
    const a = compileOrThrow(base);
    expect(compileOrThrow(reformatted).hash).toBe(a.hash);
    expect(compileOrThrow(base, 'elsewhere.yaml').hash).toBe(a.hash);
    expect(compileOrThrow(changed).hash).not.toBe(a.hash);
  });

  it('reports every problem, sorted by position, not only the first', () => {
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
      { code: 'action.unknown', line: 10, column: 11 },
      { code: 'expr.unknownStep', line: 13, column: 33 },
      { code: 'expr.unknownName', line: 13, column: 72 },
      { code: 'approval.approvers', line: 15, column: 28 },
      { code: 'duration.invalid', line: 15, column: 41 },
    ]);
  });

  it('types expressions: integer inputs add, doubles mix, strings do not add to numbers', () => {
    const ok = `${header}steps:\n  - id: a\n    set:\n      n: \${{ inputs.days + 1 }}\n      m: \${{ inputs.ratio * 100 + inputs.days }}\n      s: \${{ 'x' + string(inputs.days) }}\n  - id: b\n    if: \${{ vars.n > 2 }}\n    set: { t: '\${{ vars.s }}' }\n`;
    expect(problems(ok)).toEqual([]);
    const bad = `${header}steps:\n  - id: a\n    set:\n      s: \${{ 'x' + inputs.days }}\n      b: \${{ !inputs.email }}\n`;
    expect(problems(bad).map((p) => p.code)).toEqual(['expr.type', 'expr.type']);
  });

  it('lets a forEach item go by its own name, and records the name on each expression inside', () => {
    const text = `${header}steps:\n  - id: each\n    forEach:\n      items: [a, b]\n      as: groupName\n      steps:\n        - id: g\n          uses: jumpcloud.group.find\n          with: { name: '\${{ groupName }}' }\n`;
    const plan = compileOrThrow(text);
    const each = plan.steps[0] as Extract<PlanStep, { kind: 'forEach' }>;
    expect(each.as).toBe('groupName');
    const g = each.steps[0] as Extract<PlanStep, { kind: 'action' }>;
    expect(g.with).toMatchObject({
      kind: 'map',
      entries: { name: { kind: 'expr', source: 'groupName', as: 'groupName' } },
    });
  });

  it('names parallel branches and lets later steps read what every branch did', () => {
    const text = `${header}steps:\n  - id: both\n    parallel:\n      left:\n        - { id: l, set: { a: 1 } }\n      right:\n        - { id: r, set: { b: 2 } }\n  - id: after\n    set: { c: '\${{ steps.l.status }} \${{ vars.b }}' }\n`;
    const plan = compileOrThrow(text);
    expect(plan.steps[0]).toMatchObject({ kind: 'parallel', branchNames: ['left', 'right'] });
  });

  it('embeds child playbooks (transitively, flat) and checks the arguments against their inputs', () => {
    const files: Record<string, string> = {
      'leaf.yaml': `apiVersion: idflow/v1\nkind: Playbook\nname: leaf\ninputs:\n  email: { type: string }\nsteps:\n  - { id: x, set: { a: '\${{ inputs.email }}' } }\noutputs:\n  a: \${{ vars.a }}\n`,
      'middle.yaml': `apiVersion: idflow/v1\nkind: Playbook\nname: middle\ninputs:\n  email: { type: string }\nsteps:\n  - id: l\n    playbook: leaf\n    with: { email: '\${{ inputs.email }}' }\n`,
    };
    const resolvePlaybook = (name: string) => {
      const text = files[`${name}.yaml`];
      return text === undefined ? undefined : { text, file: `${name}.yaml` };
    };
    const top = `${header}steps:\n  - id: m\n    playbook: middle\n    with: { email: '\${{ inputs.email }}' }\n  - id: after\n    set: { done: '\${{ steps.m.output.compensated }}' }\n`;
    const r = compilePlaybook(top, 'top.yaml', { resolvePlaybook });
    expect(r.ok && Object.keys(r.plan.children ?? {})).toEqual(['leaf', 'middle']);
    const withoutResolver = compilePlaybook(top, 'top.yaml');
    expect(withoutResolver.diagnostics.map((d) => d.code)).toEqual(['playbook.unknown']);
  });

  it('fills defaults: retry and timeouts from the catalog, then the playbook, then the step', () => {
    const text = `${header}defaults:\n  timeout: 45s\n  retry: { maxAttempts: 4 }\nsteps:\n  - id: user\n    uses: jumpcloud.user.find\n    with: { email: '\${{ inputs.email }}' }\n    retry: { initialInterval: 3s }\n`;
    const step = compileOrThrow(text).steps[0] as Extract<PlanStep, { kind: 'action' }>;
    expect(step.timeoutMs).toBe(45_000);
    expect(step.retry).toMatchObject({ maxAttempts: 4, initialIntervalMs: 3_000 });
    expect(step.retry.backoff).toBeGreaterThanOrEqual(1);
  });
});
