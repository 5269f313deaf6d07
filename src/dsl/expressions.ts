// Turns YAML values into PlanValues, parsing every `${{ … }}` at compile time and checking the names it
// uses against what is in scope at that point of the playbook.
import type { ASTNode } from '@marcbachmann/cel-js';
import { celEnvironment } from '../expr/cel.js';
import { hasTemplate, splitTemplate, TemplateSyntaxError } from '../expr/template.js';
import { closest, type DiagnosticCode } from './diagnostics.js';
import type { JsonValue, PlanExpr, PlanValue, SourcePos } from './plan.js';
import type { Path, ParsedSource } from './source.js';

/** What an expression may refer to at one point of the playbook. */
export interface ExprScope {
  inputs: ReadonlySet<string>;
  /** Steps that finished before this point (in document order). */
  stepsBefore: ReadonlySet<string>;
  /** Every step id in the playbook, to tell a forward reference from a typo. */
  allSteps: ReadonlySet<string>;
  vars: ReadonlySet<string>;
  item: boolean;
}

export interface ExprProblem {
  code: DiagnosticCode;
  message: string;
  at: SourcePos;
  path: Path;
  hint?: string;
}

export class ExpressionCompiler {
  readonly problems: ExprProblem[] = [];

  constructor(private readonly source: ParsedSource) {}

  /** Compiles any YAML value; literal subtrees stay literal. */
  value(raw: unknown, path: Path, scope: ExprScope): PlanValue {
    if (typeof raw === 'string') return this.string(raw, path, scope);
    if (Array.isArray(raw)) {
      const items = raw.map((item, i) => this.value(item, [...path, i], scope));
      return items.every((i) => i.kind === 'literal')
        ? { kind: 'literal', value: items.map((i) => (i.kind === 'literal' ? i.value : null)) }
        : { kind: 'list', items };
    }
    if (raw !== null && typeof raw === 'object') {
      const entries: { [key: string]: PlanValue } = {};
      for (const [k, v] of Object.entries(raw)) entries[k] = this.value(v, [...path, k], scope);
      const all = Object.values(entries);
      if (all.every((e) => e.kind === 'literal')) {
        const value: { [key: string]: JsonValue } = {};
        for (const [k, v] of Object.entries(entries)) if (v.kind === 'literal') value[k] = v.value;
        return { kind: 'literal', value };
      }
      return { kind: 'map', entries };
    }
    return { kind: 'literal', value: (raw ?? null) as JsonValue };
  }

  /** A value that must be exactly one `${{ }}` (e.g. `if:`). */
  wholeExpression(raw: unknown, path: Path, scope: ExprScope): PlanExpr | undefined {
    if (typeof raw === 'boolean') return { kind: 'expr', source: String(raw), at: this.source.pos(path) };
    const compiled = typeof raw === 'string' ? this.string(raw, path, scope) : undefined;
    if (compiled?.kind === 'expr') return compiled;
    this.problems.push({
      code: 'schema.type',
      message: 'expected one expression `${{ … }}` (or true/false)',
      at: this.source.pos(path),
      path,
    });
    return undefined;
  }

  private string(text: string, path: Path, scope: ExprScope): PlanValue {
    if (!hasTemplate(text)) return { kind: 'literal', value: text };
    let parts;
    try {
      parts = splitTemplate(text);
    } catch (err) {
      const offset = err instanceof TemplateSyntaxError ? err.offset : 0;
      this.problems.push({
        code: 'expr.syntax',
        message: err instanceof Error ? err.message : String(err),
        at: this.source.posInScalar(path, offset),
        path,
      });
      return { kind: 'literal', value: text };
    }
    const compiled = parts.map((p) =>
      'text' in p ? p.text : this.expression(p.source, path, p.sourceStart, scope),
    );
    const only = compiled[0];
    if (compiled.length === 1 && only !== undefined && typeof only !== 'string') return only;
    return { kind: 'template', parts: compiled };
  }

  private expression(source: string, path: Path, offset: number, scope: ExprScope): PlanExpr {
    const at = this.source.posInScalar(path, offset);
    const expr: PlanExpr = { kind: 'expr', source, at };
    if (!source) {
      this.problems.push({ code: 'expr.syntax', message: 'empty expression `${{ }}`', at, path });
      return expr;
    }
    let ast: ASTNode;
    try {
      ast = celEnvironment.parse(source).ast;
    } catch (err) {
      const e = err as { summary?: string; message?: string; range?: { start: number } };
      const summary = e.summary ?? (e.message ?? String(err)).split('\n')[0] ?? '';
      this.problems.push({
        code: 'expr.syntax',
        message: `invalid expression \`${source}\`: ${summary}`,
        at: this.source.posInScalar(path, offset + (e.range?.start ?? 0)),
        path,
      });
      return expr;
    }
    this.checkNames(ast, source, path, offset, scope);
    return expr;
  }

  /** Walks the AST for `root.field…` chains and checks each against the scope. */
  private checkNames(ast: ASTNode, source: string, path: Path, offset: number, scope: ExprScope): void {
    const bound = new Set<string>();
    const visit = (node: ASTNode, locals: ReadonlySet<string>): void => {
      if (node.op === 'id') {
        this.checkRoot(node.args, [], node, locals, source, path, offset, scope);
        return;
      }
      if (node.op === '.' || node.op === '.?') {
        const chain: string[] = [];
        let cur: ASTNode = node;
        while (cur.op === '.' || cur.op === '.?') {
          chain.unshift(cur.args[1]);
          cur = cur.args[0];
        }
        if (cur.op === 'id') {
          this.checkRoot(cur.args, chain, cur, locals, source, path, offset, scope);
          return;
        }
        visit(cur, locals);
        return;
      }
      if (node.op === 'rcall' && isMacro(node.args[0]) && node.args[2][0]?.op === 'id') {
        // Comprehension macros (`list.map(x, x * 2)`) bind their first argument as a local name.
        const [, target, args] = node.args;
        visit(target, locals);
        const inner = new Set(locals).add(args[0]?.op === 'id' ? args[0].args : '');
        for (const a of args.slice(1)) visit(a, inner);
        return;
      }
      for (const child of children(node)) visit(child, locals);
    };
    visit(ast, bound);
  }

  private checkRoot(
    root: string,
    chain: string[],
    node: ASTNode,
    locals: ReadonlySet<string>,
    source: string,
    path: Path,
    offset: number,
    scope: ExprScope,
  ): void {
    if (locals.has(root)) return;
    const at = this.source.posInScalar(path, offset + node.range.start);
    const roots = ['inputs', 'steps', 'vars', 'trigger', 'run', ...(scope.item ? ['item'] : [])];
    if (!roots.includes(root)) {
      const guess = closest(root, roots);
      this.problems.push({
        code: 'expr.unknownName',
        message:
          root === 'item'
            ? '`item` exists only inside a forEach step'
            : `unknown name \`${root}\` in \`${source}\``,
        at,
        path,
        hint: guess ? `did you mean \`${guess}\`?` : `names in scope: ${roots.join(', ')}`,
      });
      return;
    }
    const first = chain[0];
    if (first === undefined) return;
    if (root === 'inputs' && !scope.inputs.has(first)) {
      const guess = closest(first, scope.inputs);
      this.problems.push({
        code: 'expr.unknownName',
        message: `\`inputs.${first}\` is not declared under \`inputs:\``,
        at,
        path,
        hint: guess ? `did you mean \`inputs.${guess}\`?` : 'declare it under `inputs:`',
      });
    } else if (root === 'steps' && !scope.stepsBefore.has(first)) {
      if (scope.allSteps.has(first)) {
        this.problems.push({
          code: 'expr.forwardReference',
          message: `\`steps.${first}\` has not run yet at this point`,
          at,
          path,
          hint: 'a step can only use the results of steps before it',
        });
      } else {
        const guess = closest(first, scope.stepsBefore);
        this.problems.push({
          code: 'expr.unknownStep',
          message: `no step with id \`${first}\``,
          at,
          path,
          ...(guess ? { hint: `did you mean \`steps.${guess}\`?` } : {}),
        });
      }
    } else if (root === 'vars' && !scope.vars.has(first)) {
      const guess = closest(first, scope.vars);
      this.problems.push({
        code: 'expr.unknownName',
        message: `\`vars.${first}\` is not set before this point`,
        at,
        path,
        hint: guess ? `did you mean \`vars.${guess}\`?` : 'set it in an earlier `set:` step',
      });
    }
  }
}

const MACROS = new Set(['map', 'filter', 'all', 'exists', 'exists_one']);

function isMacro(name: string): boolean {
  return MACROS.has(name);
}

function children(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case 'call':
      return node.args[1];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return node.args;
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    case '?:':
      return [...node.args];
    default:
      return Array.isArray(node.args) ? (node.args as unknown[]).filter(isNode) : [];
  }
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x;
}
