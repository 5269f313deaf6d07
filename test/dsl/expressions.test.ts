// Expressions at run time (src/expr, shared with the workflow sandbox): the types authors expect from
// JSON numbers, whole-value expressions keeping their type, and a forEach item under its own name.
import { describe, expect, it } from 'vitest';
import type { PlanExpr, PlanValue } from '../../src/expr/valueTree.js';
import { evaluateExpr, evaluateValue, ExpressionError, type Scope } from '../../src/expr/evaluate.js';

const scope: Scope = {
  inputs: { days: 3, ratio: 0.5, email: 'ana@example.com', groups: ['a', 'b'] },
  steps: { user: { status: 'succeeded', output: { id: 'u1', manager: null } } },
  vars: {},
  trigger: { kind: 'cli', key: 'k' },
  run: { playbook: 't' },
  item: 'Engineering',
};
const expr = (source: string, as?: string): PlanExpr => ({
  kind: 'expr',
  source,
  at: { line: 1, column: 1 },
  ...(as ? { as } : {}),
});

describe('expressions at run time', () => {
  it('treats whole JSON numbers as ints and mixes ints with doubles', () => {
    expect(evaluateExpr(expr('inputs.days + 1'), scope)).toBe(4);
    expect(evaluateExpr(expr('inputs.ratio * 100 + inputs.days'), scope)).toBe(53);
    expect(evaluateExpr(expr('inputs.days / 2'), scope)).toBe(1); // CEL integer division, as documented
    expect(evaluateExpr(expr('inputs.days * 1.5'), scope)).toBe(4.5);
  });

  it('keeps the type of a whole-value expression and turns embedded ones into text', () => {
    expect(evaluateExpr(expr('inputs.groups'), scope)).toEqual(['a', 'b']);
    const template: PlanValue = {
      kind: 'template',
      parts: ['n=', expr('inputs.days'), ' ', expr('inputs.groups')],
    };
    expect(evaluateValue(template, scope)).toBe('n=3 ["a","b"]');
  });

  it('binds a forEach item under the name the playbook gave it', () => {
    expect(evaluateExpr(expr('groupName + "!"', 'groupName'), scope)).toBe('Engineering!');
    expect(evaluateExpr(expr('item', 'groupName'), scope)).toBe('Engineering');
  });

  it('fails with the expression and its position when the data does not fit', () => {
    expect(() => evaluateExpr(expr('steps.user.output.manager.email'), scope)).toThrow(ExpressionError);
  });
});
