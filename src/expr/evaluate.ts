import type { PlanExpr, PlanValue } from './valueTree.js';
import type { JsonValue } from '../common/json.js';
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

/** A playbook expression (or a rule's mapping), parsed once per worker. */
export function compiledExpression(source: string): CompiledExpression {
  let fn = cache.get(source);
  if (!fn) {
    fn = celEnvironment.parse(source);
    cache.set(source, fn);
  }
  return fn;
}

/**
 * The one evaluator: a compiled expression over named roots of plain JSON. Values cross into CEL here
 * (whole numbers as ints) and its result comes back as JSON, whichever scope the expression was written in.
 */
export function evaluateCel(fn: CompiledExpression, roots: Readonly<Record<string, unknown>>): JsonValue {
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(roots)) context[name] = toCel(value);
  const result: unknown = fn(context);
  if (result instanceof Promise) throw new Error('asynchronous functions are not allowed in expressions');
  return fromCel(result);
}

/** As `evaluateCel`, a failure named by the expression and where it is written: an ExpressionError. */
export function evaluateAt(
  expr: { source: string; at: PlanExpr['at'] },
  fn: CompiledExpression,
  roots: Readonly<Record<string, unknown>>,
): JsonValue {
  try {
    return evaluateCel(fn, roots);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    throw new ExpressionError(
      `expression \`${expr.source}\` (line ${expr.at.line}, column ${expr.at.column}) failed: ${reason}`,
      expr.source,
      expr.at,
    );
  }
}

function playbookRoots(scope: Scope, as: string | undefined): Record<string, unknown> {
  const item = scope.item ?? null;
  return {
    inputs: scope.inputs,
    steps: scope.steps,
    vars: scope.vars,
    trigger: scope.trigger,
    run: scope.run,
    item,
    // A forEach item named by the playbook (`as: member`); the compiler records the name on each expression.
    ...(as !== undefined ? { [as]: item } : {}),
  };
}

export function evaluateExpr(expr: PlanExpr, scope: Scope): JsonValue {
  return evaluateAt(expr, compiledExpression(expr.source), playbookRoots(scope, expr.as));
}

/** A value with embedded expressions of some compiled form `E` (Plan values, server mappings). */
export type ValueTree<E extends { kind: 'expr' }> =
  | { kind: 'literal'; value: JsonValue }
  | E
  | { kind: 'template'; parts: (string | E)[] }
  | { kind: 'list'; items: ValueTree<E>[] }
  | { kind: 'map'; entries: { [key: string]: ValueTree<E> } };

/** Evaluates a value tree: literals as they are, expressions through `evaluate`, templates as text. */
export function evaluateTree<E extends { kind: 'expr' }>(
  value: ValueTree<E>,
  evaluate: (expr: E) => JsonValue,
): JsonValue {
  switch (value.kind) {
    case 'literal':
      return (value as { value: JsonValue }).value;
    case 'expr':
      return evaluate(value);
    case 'template':
      return (value as { parts: (string | E)[] }).parts
        .map((p) => (typeof p === 'string' ? p : toText(evaluate(p))))
        .join('');
    case 'list':
      return (value as { items: ValueTree<E>[] }).items.map((item) => evaluateTree(item, evaluate));
    case 'map': {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, v] of Object.entries((value as { entries: { [key: string]: ValueTree<E> } }).entries)) {
        out[k] = evaluateTree(v, evaluate);
      }
      return out;
    }
  }
  throw new Error(`unknown value kind ${(value as { kind: string }).kind}`);
}

export function evaluateValue(value: PlanValue, scope: Scope): JsonValue {
  return evaluateTree<PlanExpr>(value, (expr) => evaluateExpr(expr, scope));
}
