// Webhook mappings: `${{ … }}` CEL expressions over an incoming event, compiled when the config loads (a
// typo stops the server at start with file:line:column) and evaluated per event. Same expression language
// and value conversion as playbooks; a scope of its own: `event` (the parsed body), `headers` (lower-case
// names) and, under `forEach`, `item`.
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { JsonValue } from '../common/json.js';
import { hasTemplate, splitTemplate, TemplateSyntaxError } from '../expr/template.js';
import { evaluateTree, type ValueTree } from '../expr/evaluate.js';
import { fromCel, toCel } from '../expr/values.js';
import type { Path, Position, YamlSource } from './yamlSource.js';

export const MAPPING_SCOPE = ['event', 'headers', 'item'] as const;

function createMappingEnvironment(): Environment {
  const env = new Environment({
    // Unknown names fail the check at load time: `evnt.id` is a typo, not a null.
    unlistedVariablesAreDyn: false,
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: {
      maxAstNodes: 500,
      maxDepth: 32,
      maxListElements: 1000,
      maxMapEntries: 1000,
      maxCallArguments: 16,
    },
  });
  for (const name of MAPPING_SCOPE) env.registerVariable(name, 'dyn');
  return env;
}

const env = createMappingEnvironment();

export interface MappingExpr {
  source: string;
  at: Position;
  fn: ParseResult;
}

export type MappedExpr = { kind: 'expr' } & MappingExpr;

/** A config value with its expressions compiled: the same tree the Plan uses, evaluated the same way. */
export type MappedValue = ValueTree<MappedExpr>;

export interface MappingScope {
  event: unknown;
  headers: Record<string, string>;
  item?: unknown;
}

/** An expression failed on a particular event (a missing field, a wrong type). */
export class MappingError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly at: Position,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

export interface MappingProblem {
  message: string;
  at: Position;
}

/** Compiles config values into MappedValues, collecting every problem with its position. */
export class MappingCompiler {
  readonly problems: MappingProblem[] = [];

  constructor(private readonly source: YamlSource) {}

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
    const broken: MappingExpr = { source, at, fn: env.parse('null') };
    let fn: ParseResult;
    try {
      fn = env.parse(source);
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

function celContext(scope: MappingScope): Record<string, unknown> {
  return { event: toCel(scope.event), headers: scope.headers, item: toCel(scope.item ?? null) };
}

export function evaluateExpr(expr: MappingExpr, scope: MappingScope): JsonValue {
  try {
    const result: unknown = expr.fn(celContext(scope));
    if (result instanceof Promise) throw new Error('asynchronous functions are not allowed');
    return fromCel(result);
  } catch (err) {
    throw new MappingError(
      `expression \`${expr.source}\` (line ${expr.at.line}, column ${expr.at.column}) failed: ${firstLine(err)}`,
      expr.source,
      expr.at,
    );
  }
}

export function evaluateMapped(value: MappedValue, scope: MappingScope): JsonValue {
  return evaluateTree<MappedExpr>(value, (expr) => evaluateExpr(expr, scope));
}
