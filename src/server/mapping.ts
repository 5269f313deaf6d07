// Webhook mappings: `${{ … }}` CEL expressions over an incoming event, compiled when the config loads (a
// typo stops the server at start with file:line:column) and evaluated per event. The expression language
// is the playbooks' — expr's one environment and evaluator — with a scope of its own, declared there:
// `event` (the parsed body), `headers` (lower-case names) and, under `forEach`, `item`.
import type { JsonValue } from '../common/json.js';
import { MAPPING_SCOPE, mappingEnvironment, type CompiledExpression } from '../expr/cel.js';
import { evaluateAt, evaluateTree, type ValueTree } from '../expr/evaluate.js';
import { hasTemplate, splitTemplate, TemplateSyntaxError } from '../expr/template.js';
import type { SourcePos, YamlDocument, YamlPath as Path } from '../common/yaml.js';

export interface MappingExpr {
  source: string;
  at: SourcePos;
  fn: CompiledExpression;
}

export type MappedExpr = { kind: 'expr' } & MappingExpr;

/** A config value with its expressions compiled: the same tree the Plan uses, evaluated the same way. */
export type MappedValue = ValueTree<MappedExpr>;

export interface MappingScope {
  event: unknown;
  headers: Record<string, string>;
  item?: unknown;
}

export interface MappingProblem {
  message: string;
  at: SourcePos;
}

/** Compiles config values into MappedValues, collecting every problem with its position. */
export class MappingCompiler {
  readonly problems: MappingProblem[] = [];

  constructor(private readonly source: YamlDocument) {}

  value(raw: unknown, path: Path): MappedValue {
    if (typeof raw === 'string') return this.string(raw, path);
    if (Array.isArray(raw)) {
      const items = raw.map((item, i) => this.value(item, [...path, i]));
      return items.every((i) => i.kind === 'literal')
        ? { kind: 'literal', value: items.map((i) => (i.kind === 'literal' ? i.value : null)) }
        : { kind: 'list', items };
    }
    if (raw !== null && typeof raw === 'object') {
      const entries: { [key: string]: MappedValue } = {};
      for (const [k, v] of Object.entries(raw)) entries[k] = this.value(v, [...path, k]);
      if (Object.values(entries).every((e) => e.kind === 'literal'))
        return { kind: 'literal', value: raw as JsonValue };
      return { kind: 'map', entries };
    }
    return { kind: 'literal', value: (raw ?? null) as JsonValue };
  }

  /** A value that must be exactly one `${{ }}` (`when`, `forEach`); booleans are allowed for `when`. */
  wholeExpression(raw: unknown, path: Path): MappingExpr | undefined {
    if (typeof raw === 'boolean') return this.expr(String(raw), path, 0);
    const v = typeof raw === 'string' ? this.string(raw, path) : undefined;
    if (v?.kind === 'expr') return v;
    if (v)
      this.problems.push({ message: 'expected one whole expression `${{ … }}`', at: this.source.pos(path) });
    return undefined;
  }

  private string(text: string, path: Path): MappedValue {
    if (!hasTemplate(text)) return { kind: 'literal', value: text };
    let parts;
    try {
      parts = splitTemplate(text);
    } catch (err) {
      const offset = err instanceof TemplateSyntaxError ? err.offset : 0;
      this.problems.push({
        message: err instanceof Error ? err.message : String(err),
        at: this.source.posInString(path, offset),
      });
      return { kind: 'literal', value: text };
    }
    const compiled = parts.map((p): string | MappedExpr =>
      'source' in p ? { kind: 'expr', ...this.expr(p.source, path, p.sourceStart) } : p.text,
    );
    const only = compiled[0];
    if (compiled.length === 1 && only !== undefined && typeof only !== 'string') return only;
    return { kind: 'template', parts: compiled };
  }

  private expr(source: string, path: Path, offsetInString: number): MappingExpr {
    const at = this.source.posInString(path, offsetInString);
    const broken: MappingExpr = { source, at, fn: mappingEnvironment.parse('null') };
    let fn: CompiledExpression;
    try {
      fn = mappingEnvironment.parse(source);
    } catch (err) {
      const pos = (err as { node?: { pos?: number } }).node?.pos ?? 0;
      this.problems.push({
        message: `expression \`${source}\` does not parse: ${firstLine(err)}`,
        at: this.source.posInString(path, offsetInString + pos),
      });
      return broken;
    }
    const checked = fn.check();
    if (!checked.valid) {
      this.problems.push({
        message: `expression \`${source}\`: ${firstLine(checked.error)} (names in scope: ${MAPPING_SCOPE.join(', ')})`,
        at,
      });
      return broken;
    }
    return { source, at, fn };
  }
}

function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? m;
}

/** Evaluates one mapping expression on an event; a failure (a missing field, a wrong type) is an ExpressionError. */
export function evaluateMappingExpr(expr: MappingExpr, scope: MappingScope): JsonValue {
  return evaluateAt(expr, expr.fn, { event: scope.event, headers: scope.headers, item: scope.item ?? null });
}

export function evaluateMapped(value: MappedValue, scope: MappingScope): JsonValue {
  return evaluateTree<MappedExpr>(value, (expr) => evaluateMappingExpr(expr, scope));
}
