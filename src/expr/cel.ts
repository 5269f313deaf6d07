// The one CEL environment: its options, limits and operators, shared by the compiler (parse + check), the
// interpreter (evaluate), the server's webhook mappings and the compliance rules' playbook mappings, so all
// of them agree on what an expression means. Each kind of document sees its own names, declared here as
// a scope of this environment. CEL is non-Turing-complete, has no I/O, and evaluates synchronously: safe
// and deterministic inside the workflow sandbox.
import { Environment } from '@marcbachmann/cel-js';

/** Names a playbook expression may use. `item` exists only inside forEach; the compiler checks that. */
export const SCOPE_ROOTS = ['inputs', 'steps', 'vars', 'item', 'trigger', 'run'] as const;
export type ScopeRoot = (typeof SCOPE_ROOTS)[number];

/**
 * Names a webhook mapping may use, with their types: `event` (the parsed body), `headers` (lower-case
 * names, several values joined by `, `) and, under `forEach`, `item`.
 */
export const MAPPING_VARIABLES = { event: 'dyn', headers: 'map<string, string>', item: 'dyn' } as const;
export const MAPPING_SCOPE = Object.keys(MAPPING_VARIABLES) as (keyof typeof MAPPING_VARIABLES)[];

function createEnvironment(): Environment {
  const env = new Environment({
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

const shared = createEnvironment();

/**
 * Playbooks (and the rules' mappings, whose names the loader's dry run checks). The compiler checks every
 * name against the playbook's scope; at run time a forEach item may also go by the name the playbook gave
 * it (`as`), which is bound in the evaluation context only: so unlisted names are not refused here.
 */
export const celEnvironment = shared.clone({ unlistedVariablesAreDyn: true });
for (const name of SCOPE_ROOTS) celEnvironment.registerVariable(name, 'dyn');

/** Webhook mappings: only the mapping's names, so `evnt.id` is a typo found when the config loads. */
export const mappingEnvironment = shared.clone({ unlistedVariablesAreDyn: false });
for (const [name, type] of Object.entries(MAPPING_VARIABLES)) mappingEnvironment.registerVariable(name, type);

export type CompiledExpression = ReturnType<Environment['parse']>;
