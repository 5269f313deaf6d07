import type { JsonValue, PlanExpr, PlanValue } from '../dsl/plan.js';
import { celEnvironment, type CompiledExpression } from './cel.js';
import { fromCel, toCel, toText } from './values.js';

/** What expressions can see. Values are plain JSON; conversion to CEL happens here. */
export interface Scope {
  inputs: JsonValue;
  steps: { [id: string]: { status: string; output?: JsonValue } };
  vars: { [name: string]: JsonValue };
  trigger: JsonValue;
  run: JsonValue;
  item?: JsonValue;
}

/** An expression failed at run time (a missing key, a type mismatch the compiler could not see). */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly at: PlanExpr['at'],
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

// Parsing is pure, so caching by source text is safe across workflow executions in one worker.
const cache = new Map<string, CompiledExpression>();

function compiled(source: string): CompiledExpression {
  let fn = cache.get(source);
  if (!fn) {
    fn = celEnvironment.parse(source);
    cache.set(source, fn);
  }
  return fn;
}

function celContext(scope: Scope, as: string | undefined): Record<string, unknown> {
  const item = toCel(scope.item ?? null);
  return {
    inputs: toCel(scope.inputs),
    steps: toCel(scope.steps),
    vars: toCel(scope.vars),
    trigger: toCel(scope.trigger),
    run: toCel(scope.run),
    item,
    // A forEach item named by the playbook (`as: member`); the compiler records the name on each expression.
    ...(as !== undefined ? { [as]: item } : {}),
  };
}

export function evaluateExpr(expr: PlanExpr, scope: Scope): JsonValue {
  try {
    const result: unknown = compiled(expr.source)(celContext(scope, expr.as));
    if (result instanceof Promise) throw new Error('asynchronous functions are not allowed in expressions');
    return fromCel(result);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    throw new ExpressionError(
      `expression \`${expr.source}\` (line ${expr.at.line}, column ${expr.at.column}) failed: ${reason}`,
      expr.source,
      expr.at,
    );
  }
}

export function evaluateValue(value: PlanValue, scope: Scope): JsonValue {
  switch (value.kind) {
    case 'literal':
      return value.value;
    case 'expr':
      return evaluateExpr(value, scope);
    case 'template':
      return value.parts.map((p) => (typeof p === 'string' ? p : toText(evaluateExpr(p, scope)))).join('');
    case 'list':
      return value.items.map((item) => evaluateValue(item, scope));
    case 'map': {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value.entries)) out[k] = evaluateValue(v, scope);
      return out;
    }
  }
}
