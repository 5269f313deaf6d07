// The value tree the evaluator walks: a YAML value after compilation (a step's `with:`, an output, a server
// mapping's fields), with literal subtrees collapsed and expressions pre-parsed. The compiler (dsl/lower.ts)
// builds it into the Plan and evaluate.ts reads it; it is defined here, beside its reader, so the evaluator
// needs nothing from the compiler.
import type { JsonValue } from '../common/json.js';
import type { SourcePos } from '../common/source.js';

/** A whole-value `${{ expr }}`: evaluates to whatever type the expression has. */
export interface PlanExpr {
  kind: 'expr';
  source: string;
  at: SourcePos;
  /**
   * Inside a forEach whose item is named other than `item` (`as: member`): that name. The evaluator binds
   * it to the current item as well as `item`, so the interpreter need not know the name.
   */
  as?: string;
}

/** Text with embedded expressions: always evaluates to a string. */
export interface PlanTemplate {
  kind: 'template';
  parts: (string | PlanExpr)[];
}

export interface PlanLiteral {
  kind: 'literal';
  value: JsonValue;
}

export interface PlanList {
  kind: 'list';
  items: PlanValue[];
}

export interface PlanMap {
  kind: 'map';
  entries: { [key: string]: PlanValue };
}

/** A YAML value after compilation: literal subtrees collapse to one literal; expressions are pre-parsed. */
export type PlanValue = PlanLiteral | PlanExpr | PlanTemplate | PlanList | PlanMap;
