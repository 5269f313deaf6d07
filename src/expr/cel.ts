// The one CEL environment shared by the compiler (parse + check) and the interpreter (evaluate), so both
// agree on which names exist. CEL is non-Turing-complete, has no I/O, and evaluates synchronously: safe and
// deterministic inside the workflow sandbox.
import { Environment } from '@marcbachmann/cel-js';

/** Names an expression may use. `item` exists only inside forEach; the compiler checks that. */
export const SCOPE_ROOTS = ['inputs', 'steps', 'vars', 'item', 'trigger', 'run'] as const;
export type ScopeRoot = (typeof SCOPE_ROOTS)[number];

function createEnvironment(): Environment {
  const env = new Environment({
    // The compiler checks every name against the playbook's scope; at run time a forEach item may also go
    // by the name the playbook gave it (`as`), which is bound in the evaluation context only.
    unlistedVariablesAreDyn: true,
    enableOptionalTypes: true,
    // Authors write `[inputs.a, 'b']`; requiring dyn() wrappers there would only confuse them.
    homogeneousAggregateLiterals: false,
    limits: {
      maxAstNodes: 2000,
      maxDepth: 64,
      maxListElements: 1000,
      maxMapEntries: 1000,
      maxCallArguments: 16,
    },
  });
  for (const name of SCOPE_ROOTS) env.registerVariable(name, 'dyn');
  // JSON has one number type; CEL has int and double and no mixed arithmetic. Whole numbers arrive as ints
  // (see values.ts), others as doubles, so `inputs.ratio * 100` or `inputs.days + 0.5` would fail on the
  // representation alone. Mixed operations promote to double, as an author expects.
  for (const op of ['+', '-', '*', '/'] as const) {
    const apply = (a: number, b: number): number =>
      op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)));
  }
  return env;
}

export const celEnvironment = createEnvironment();

export type CompiledExpression = ReturnType<Environment['parse']>;
