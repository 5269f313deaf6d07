// The one CEL environment shared by the compiler (parse + check) and the interpreter (evaluate), so both
// agree on which names exist. CEL is non-Turing-complete, has no I/O, and evaluates synchronously: safe and
// deterministic inside the workflow sandbox.
import { Environment } from '@marcbachmann/cel-js';

/** Names an expression may use. `item` exists only inside forEach; the compiler checks that. */
export const SCOPE_ROOTS = ['inputs', 'steps', 'vars', 'item', 'trigger', 'run'] as const;
export type ScopeRoot = (typeof SCOPE_ROOTS)[number];

function createEnvironment(): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: false,
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
  return env;
}

export const celEnvironment = createEnvironment();

export type CompiledExpression = ReturnType<Environment['parse']>;
