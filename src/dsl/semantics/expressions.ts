// Every `${{ … }}` is parsed here, at compile time, and every name in it checked against the scope of the
// step it is in: declared inputs, steps that ran before, variables set before, the forEach item. Field
// reads are followed through the types the catalog and the inputs declare, so `steps.user.output.emial`
// fails `idflow validate` (with "did you mean `email`?") instead of a run three days later. The type of
// each expression is inferred as far as it can be, so a value of the wrong kind is caught too.
import type { ASTNode } from '@marcbachmann/cel-js';
import { celEnvironment } from '../../expr/cel.js';
import { hasTemplate, splitTemplate, TemplateSyntaxError } from '../../expr/template.js';
import { didYouMean, list, type DiagnosticSink, type Path } from '../diagnostics.js';
import type { ParsedSource } from '../parse.js';
import type { SourcePos } from '../../common/source.js';
import { runType, triggerType, type StaticScope } from './scope.js';
import {
  bool,
  closed,
  describeType,
  elementOf,
  field,
  fits,
  int,
  listOf,
  literalType,
  nameOf,
  num,
  str,
  type Ty,
} from './types.js';

type Parsed = { ok: true; ast: ASTNode } | { ok: false; message: string; offset: number };

// Parsing is pure: one cache serves every file a CLI run validates (and the benchmark's repeats).
const parsed = new Map<string, Parsed>();
const MAX_CACHED = 10_000;

function parseCel(source: string): Parsed {
  let p = parsed.get(source);
  if (!p) {
    try {
      p = { ok: true, ast: celEnvironment.parse(source).ast };
    } catch (err) {
      const e = err as { summary?: string; message?: string; range?: { start: number }; pos?: number };
      const message = e.summary ?? (e.message ?? String(err)).split('\n')[0] ?? 'invalid expression';
      p = { ok: false, message, offset: e.range?.start ?? e.pos ?? 0 };
    }
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(source, p);
  }
  return p;
}

/** Empties the parse cache (for benchmarks that measure a compile from nothing). */
export function clearExpressionCache(): void {
  parsed.clear();
}

const BOOL_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||', '!_']);
const ARITH_OPS = new Set(['-', '*', '/', '%']);
const MACROS = new Set(['map', 'filter', 'all', 'exists', 'exists_one', 'existsOne']);
const STRING_METHODS = new Set([
  'lowerAscii',
  'upperAscii',
  'trim',
  'replace',
  'substring',
  'charAt',
  'join',
  'format',
  'quote',
  'reverse',
]);
const BOOL_METHODS = new Set([
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'all',
  'exists',
  'exists_one',
  'existsOne',
  'hasValue',
]);
const INT_METHODS = new Set([
  'size',
  'indexOf',
  'lastIndexOf',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDayOfMonth',
  'getDayOfWeek',
  'getDayOfYear',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
]);

export class ExpressionChecker {
  constructor(
    private readonly src: ParsedSource,
    private readonly sink: DiagnosticSink,
  ) {}

  /**
   * Checks every expression in a YAML value and returns the value's type: a whole `${{ }}` has the
   * expression's type, text with expressions is a string, literals their own type.
   */
  value(raw: unknown, path: Path, scope: StaticScope): Ty {
    if (typeof raw === 'string') return this.string(raw, path, scope);
    if (Array.isArray(raw)) {
      const items = raw.map((item, i) => this.value(item, [...path, i], scope));
      const first = items[0];
      return listOf(first && items.every((t) => nameOf(t) === nameOf(first)) ? first : undefined);
    }
    if (raw !== null && typeof raw === 'object') {
      const props: Record<string, Ty> = {};
      for (const [k, v] of Object.entries(raw)) props[k] = this.value(v, [...path, k], scope);
      return closed(props);
    }
    return literalType(raw);
  }

  /** A value that must be exactly one `${{ }}` (or a literal boolean, for `if`). Returns its type. */
  whole(raw: unknown, path: Path, scope: StaticScope, what: string): Ty {
    if (typeof raw === 'boolean') return bool;
    if (typeof raw === 'string' && isWholeExpression(raw)) return this.string(raw, path, scope);
    if (typeof raw === 'string' && hasTemplate(raw)) this.string(raw, path, scope);
    const yamlBool = typeof raw === 'string' && /^(yes|no|on|off|y|n)$/i.test(raw);
    this.sink.error('expr.notExpression', `${what} must be one \`\${{ … }}\` expression`, path, {
      hint: yamlBool
        ? `YAML 1.2 reads \`${String(raw)}\` as text: write \`true\`, \`false\` or \`\${{ … }}\``
        : 'e.g. `${{ steps.approval.output.approved }}`',
    });
    return undefined;
  }

  /** Reports `expr.type` when a value's type cannot be what is wanted. */
  expect(ty: Ty, wanted: Ty, path: Path, what: string, at?: SourcePos): void {
    if (fits(ty, wanted)) return;
    this.sink.error(
      'expr.type',
      `${what} must be ${describeType(wanted)}, but this is ${describeType(ty)}`,
      path,
      {
        ...(at ? { at } : {}),
      },
    );
  }

  private string(text: string, path: Path, scope: StaticScope): Ty {
    if (!hasTemplate(text)) return str;
    let parts;
    try {
      parts = splitTemplate(text);
    } catch (err) {
      const offset = err instanceof TemplateSyntaxError ? err.offset : 0;
      this.sink.error('expr.syntax', err instanceof Error ? err.message : String(err), path, {
        at: this.src.posInString(path, offset),
        hint: 'close every `${{` with `}}`',
      });
      return str;
    }
    let result: Ty = str;
    for (const p of parts) {
      if ('text' in p) continue;
      const ty = this.expression(p.source, path, p.sourceStart, scope);
      if (parts.length === 1) result = ty;
    }
    return result;
  }

  private expression(source: string, path: Path, offset: number, scope: StaticScope): Ty {
    const at = (o: number): SourcePos => this.src.posInString(path, offset + o);
    if (!source) {
      this.sink.error('expr.syntax', 'empty expression `${{ }}`', path, { at: at(0) });
      return undefined;
    }
    const p = parseCel(source);
    if (!p.ok) {
      this.sink.error('expr.syntax', `invalid expression \`${source}\`: ${p.message}`, path, {
        at: at(p.offset),
      });
      return undefined;
    }
    return new Inference(this.sink, path, at, scope, source).infer(p.ast, new Map());
  }
}

/** True when the whole string is one `${{ }}` (so the value keeps the expression's type). */
export function isWholeExpression(text: string): boolean {
  if (!hasTemplate(text)) return false;
  try {
    const parts = splitTemplate(text);
    return parts.length === 1 && !('text' in (parts[0] as object));
  } catch {
    return false;
  }
}

/** Infers one expression's type, reporting unknown names, fields and impossible operations. */
class Inference {
  constructor(
    private readonly sink: DiagnosticSink,
    private readonly path: Path,
    private readonly at: (offset: number) => SourcePos,
    private readonly scope: StaticScope,
    private readonly source: string,
  ) {}

  private error(
    code: Parameters<DiagnosticSink['error']>[0],
    message: string,
    offset: number,
    hint?: string,
  ): void {
    this.sink.error(code, message, this.path, { at: this.at(offset), hint });
  }

  infer(node: ASTNode, locals: ReadonlyMap<string, Ty>): Ty {
    switch (node.op) {
      case 'value':
        return valueType(node.args);
      case 'id':
        return this.root(node.args, node, locals);
      case '.':
      case '.?':
        return this.select(node, locals);
      case '[]':
      case '[?]': {
        const [target, index] = node.args;
        const t = this.infer(target, locals);
        this.infer(index, locals);
        if (nameOf(t) === 'list') return elementOf(t);
        if (index.op === 'value' && typeof index.args === 'string') {
          const f = field(t, index.args);
          return f.ok ? f.ty : undefined;
        }
        return undefined;
      }
      case 'list': {
        const items = node.args.map((a) => this.infer(a, locals));
        const first = items[0];
        return listOf(first && items.every((t) => nameOf(t) === nameOf(first)) ? first : undefined);
      }
      case 'map':
        for (const [k, v] of node.args) {
          this.infer(k, locals);
          this.infer(v, locals);
        }
        return { type: 'object' };
      case '?:': {
        const [c, a, b] = node.args;
        this.condition(c, locals);
        const ta = this.infer(a, locals);
        const tb = this.infer(b, locals);
        return nameOf(ta) === nameOf(tb) ? ta : undefined;
      }
      case '!_':
        this.condition(node.args, locals);
        return bool;
      case '-_': {
        const t = this.infer(node.args, locals);
        return nameOf(t) === 'integer' || nameOf(t) === 'number' ? t : undefined;
      }
      case 'call':
        return this.call(node.args[0], node.args[1], locals);
      case 'rcall':
        return this.method(node.args[0], node.args[1], node.args[2], locals);
      default:
        return this.binary(node, locals);
    }
  }

  private condition(node: ASTNode, locals: ReadonlyMap<string, Ty>): void {
    const t = this.infer(node, locals);
    const n = nameOf(t);
    if (n && n !== 'boolean') {
      this.error(
        'expr.type',
        `a condition must be true/false, but \`${slice(this.source, node)}\` is ${describeType(t)}`,
        node.start,
      );
    }
  }

  private binary(node: ASTNode, locals: ReadonlyMap<string, Ty>): Ty {
    const args = node.args as unknown as [ASTNode, ASTNode];
    const op = node.op as string;
    if (op === '&&' || op === '||') {
      this.condition(args[0], locals);
      this.condition(args[1], locals);
      return bool;
    }
    const l = this.infer(args[0], locals);
    const r = this.infer(args[1], locals);
    if (BOOL_OPS.has(op)) return bool;
    const ln = nameOf(l);
    const rn = nameOf(r);
    const numeric = (n: string | undefined): boolean => n === 'integer' || n === 'number';
    if (op === '+') {
      if (ln === 'string' && rn === 'string') return str;
      if (numeric(ln) && numeric(rn)) return ln === 'integer' && rn === 'integer' ? int : num;
      if (ln === 'list' && rn === 'list') return listOf(undefined);
      if (ln && rn && ln !== 'null' && rn !== 'null') {
        this.error(
          'expr.type',
          `\`+\` cannot combine ${describeType(l)} and ${describeType(r)} in \`${slice(this.source, node)}\``,
          node.start,
          ln === 'string' || rn === 'string' ? 'convert with `string(…)` first' : undefined,
        );
      }
      return undefined;
    }
    if (ARITH_OPS.has(op)) {
      for (const [t, n] of [
        [l, ln],
        [r, rn],
      ] as const) {
        if (n && !numeric(n)) {
          this.error('expr.type', `\`${op}\` needs numbers, but one side is ${describeType(t)}`, node.start);
          return undefined;
        }
      }
      return ln === 'integer' && rn === 'integer' ? int : numeric(ln) && numeric(rn) ? num : undefined;
    }
    return undefined;
  }

  private call(name: string, args: ASTNode[], locals: ReadonlyMap<string, Ty>): Ty {
    if (name === 'has') {
      // has(x.f) tests presence: the chain must name a real field, but a missing value is no error.
      for (const a of args) this.infer(a, locals);
      return bool;
    }
    const types = args.map((a) => this.infer(a, locals));
    switch (name) {
      case 'size':
      case 'int':
        return int;
      case 'uint':
        return undefined;
      case 'double':
        return num;
      case 'string':
        return str;
      case 'bool':
      case 'matches':
        return bool;
      case 'dyn':
        return types[0];
      default:
        return undefined;
    }
  }

  private method(name: string, target: ASTNode, args: ASTNode[], locals: ReadonlyMap<string, Ty>): Ty {
    const t = this.infer(target, locals);
    if (MACROS.has(name) && args[0]?.op === 'id') {
      // Comprehensions bind their first argument to each element.
      const inner = new Map(locals).set(args[0].args, elementOf(t));
      const bodies = args.slice(1).map((a) => this.infer(a, inner));
      if (name === 'map') return listOf(bodies.at(-1));
      if (name === 'filter') return t;
      return bool;
    }
    for (const a of args) this.infer(a, locals);
    if (BOOL_METHODS.has(name)) return bool;
    if (INT_METHODS.has(name)) return int;
    if (STRING_METHODS.has(name)) return str;
    if (name === 'split') return listOf(str);
    return undefined;
  }

  private root(name: string, node: ASTNode, locals: ReadonlyMap<string, Ty>): Ty {
    if (locals.has(name)) return locals.get(name);
    const item = this.scope.item;
    if (item && name === item.name) return item.ty;
    const s = this.scope;
    switch (name) {
      case 'inputs':
        if (s.roots.has('inputs')) return closed(Object.fromEntries(s.inputs));
        break;
      case 'steps':
        if (s.roots.has('steps')) return { type: 'object' };
        break;
      case 'vars':
        if (s.roots.has('vars')) return { type: 'object' };
        break;
      case 'trigger':
        if (s.roots.has('trigger')) return triggerType;
        break;
      case 'run':
        if (s.roots.has('run')) return runType;
        break;
    }
    const names = [...s.roots, ...(item ? [item.name] : []), ...locals.keys()];
    if (s.hiddenItems.includes(name)) {
      this.error(
        'expr.outOfScope',
        `\`${name}\` is the item of an outer forEach, hidden inside this one`,
        node.start,
        `copy what you need into a variable (\`set\`) before the inner forEach, and read \`vars.…\``,
      );
      return undefined;
    }
    const message =
      name === 'item'
        ? '`item` exists only inside a forEach step'
        : s.roots.has(name) || ['inputs', 'steps', 'vars', 'trigger', 'run'].includes(name)
          ? `\`${name}\` cannot be used here`
          : `unknown name \`${name}\``;
    this.error(
      'expr.unknownName',
      message,
      node.start,
      didYouMean(name, names) ??
        (s.roots.size === 1 ? 'the subject may use `inputs` only' : `names here: ${list(names)}`),
    );
    return undefined;
  }

  /** A chain of field reads: checks `inputs.x`, `steps.x`, `vars.x` by their own rules, then follows types. */
  private select(node: ASTNode & { op: '.' | '.?' }, locals: ReadonlyMap<string, Ty>): Ty {
    const [target, name] = node.args;
    if (target.op === 'id' && !locals.has(target.args) && target.args !== this.scope.item?.name) {
      const rootName = target.args;
      if (rootName === 'steps' && this.scope.roots.has('steps')) return this.step(name, node);
      if (rootName === 'vars' && this.scope.roots.has('vars')) return this.variable(name, node);
      if (rootName === 'inputs' && this.scope.roots.has('inputs')) return this.input(name, node);
    }
    if (name === 'output' && node.op === '.') this.checkSkippable(target);
    const t = this.infer(target, locals);
    const f = field(t, name);
    if (f.ok) return f.ty;
    const what = slice(this.source, target);
    if (f.reason === 'notObject') {
      this.error(
        'expr.unknownField',
        `\`${what}\` is ${describeType({ type: f.type === 'list' ? 'array' : f.type })}; it has no field \`${name}\``,
        node.pos,
      );
    } else {
      this.error(
        'expr.unknownField',
        `\`${what}\` has no field \`${name}\``,
        node.pos,
        didYouMean(name, f.known, (k) => `${what}.${k}`) ??
          (f.known.length ? `fields: ${list(f.known)}` : undefined),
      );
    }
    return undefined;
  }

  /**
   * `steps.x.output` where `x` has an `if`: when it was skipped it has no output and the read fails at run
   * time. Fine when the expression (or the `if` of the step it is in) tests `steps.x.status` first, or
   * reads the output with `has(…)` or `.?output`.
   */
  private checkSkippable(target: ASTNode): void {
    if (target.op !== '.' || target.args[0].op !== 'id' || target.args[0].args !== 'steps') return;
    const id = target.args[1];
    if (!this.scope.conditional.has(id) || this.scope.guarded.has(id) || !this.scope.steps.has(id)) return;
    const guarded = new RegExp(`steps\\.${id}\\.(status\\b|\\?output)|has\\(\\s*steps\\.${id}\\.output`);
    if (guarded.test(this.source)) return;
    this.error(
      'expr.maybeSkipped',
      `\`steps.${id}\` has an \`if\`: when it was skipped it has no output, and this read fails`,
      target.pos,
      `test it first: \`steps.${id}.status == 'succeeded' && …\` (or put that in this step's \`if\`)`,
    );
  }

  private input(name: string, node: ASTNode): Ty {
    const inputs = this.scope.inputs;
    if (inputs.has(name)) return inputs.get(name);
    this.error(
      'expr.unknownName',
      `\`inputs.${name}\` is not declared under \`inputs:\``,
      node.pos,
      didYouMean(name, inputs.keys(), (k) => `inputs.${k}`) ?? 'declare it under `inputs:`',
    );
    return undefined;
  }

  private variable(name: string, node: ASTNode): Ty {
    const vars = this.scope.vars;
    if (vars.has(name)) return vars.get(name);
    const where = this.scope.allVars.get(name);
    if (where && where.order >= this.scope.order) {
      this.error(
        'expr.forwardReference',
        `\`vars.${name}\` is set only later`,
        node.pos,
        'a variable can only be read after the `set` step that sets it',
      );
      return undefined;
    }
    if (where) {
      this.error(
        'expr.outOfScope',
        `\`vars.${name}\` is not visible here`,
        node.pos,
        'variables set inside a forEach, another parallel branch or an onError block are visible only there',
      );
      return undefined;
    }
    this.error(
      'expr.unknownName',
      `\`vars.${name}\` is not set before this point`,
      node.pos,
      didYouMean(name, vars.keys(), (k) => `vars.${k}`) ?? 'set it in an earlier `set:` step',
    );
    return undefined;
  }

  private step(id: string, node: ASTNode): Ty {
    const s = this.scope;
    if (s.steps.has(id)) return s.steps.get(id);
    const where = s.all.get(id);
    if (where && where.order >= s.order) {
      this.error(
        'expr.forwardReference',
        `\`steps.${id}\` has not run yet at this point`,
        node.pos,
        'a step can only read the results of steps before it',
      );
    } else if (where) {
      this.error(
        'expr.outOfScope',
        `\`steps.${id}\` is not visible here`,
        node.pos,
        'steps inside a forEach, another parallel branch or an onError block are visible only there; pass the value out with `set`',
      );
    } else {
      this.error(
        'expr.unknownStep',
        `no step with id \`${id}\``,
        node.pos,
        didYouMean(id, s.steps.keys(), (k) => `steps.${k}`),
      );
    }
    return undefined;
  }
}

function slice(source: string, node: ASTNode): string {
  return source.slice(node.start, node.end);
}

function valueType(v: unknown): Ty {
  if (typeof v === 'bigint') return int;
  if (typeof v === 'number') return num;
  if (typeof v === 'string') return str;
  if (typeof v === 'boolean') return bool;
  if (v === null) return { type: 'null' };
  return undefined;
}
