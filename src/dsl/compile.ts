// The compiler: playbook text (+ the name to report it under) → Plan, or every problem found. Pure: it reads
// no files, environment or clock; child playbooks come through the resolver the caller passes.
//
//   parse (YAML + positions) → schema (ajv, per step kind) → semantics (scope, expressions, arguments,
//   durations, children) → lower (Plan + hash)
//
// Each phase reports into one sink; a later phase runs on whatever an earlier one left valid, so one run
// reports all problems, and lowering runs only when there are none.
import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import { lower } from './lower.js';
import { parse, type ParsedSource } from './parse.js';
import type { Plan } from './plan.js';
import type { GlobalGuardrails } from '../guardrails/policy.js';
import { validateHeader } from './schema/validate.js';
import { analyze, type ChildResult } from './semantics/check.js';
import { buildStepTree } from './semantics/stepTree.js';

/** `ok` when there is no error; `diagnostics` holds the warnings too, either way. */
export type CompileResult =
  { ok: true; plan: Plan; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** A child playbook's text, as the caller found it. */
export interface PlaybookSource {
  text: string;
  /** The name to report it under (e.g. its path relative to the working directory). */
  file: string;
}

export interface CompileOptions {
  /**
   * Finds the playbook a `playbook: <name>` step runs. `from` is the file of the playbook that asks.
   * @default none: every `playbook:` step is reported as `playbook.unknown`
   */
  resolvePlaybook?: (name: string, from: string) => PlaybookSource | undefined;
  /**
   * Names of the playbooks the resolver can find, for "did you mean" hints.
   * @default none
   */
  listPlaybooks?: (from: string) => string[];
  /**
   * The operator's guardrails (their config file), so that a literal group or user they deny fails here.
   * @default DEFAULT_GLOBAL_GUARDRAILS: admin groups (`*admin*`) are denied
   */
  guardrails?: GlobalGuardrails;
}

export function compilePlaybook(text: string, file: string, options: CompileOptions = {}): CompileResult {
  const { cycle: _cycle, ...result } = compileWith(text, file, { options, done: new Map() }, []);
  return result;
}

/** A result that remembers the cycle it ran into, so each playbook up the chain can report it too. */
type Internal = CompileResult & { cycle?: string[] };

interface Context {
  options: CompileOptions;
  /** Children compiled already in this compilation, by name. */
  done: Map<string, Internal>;
}

/** `chain`: the names of the playbooks being compiled above this one, outermost first. */
function compileWith(text: string, file: string, ctx: Context, chain: string[]): Internal {
  const sink: DiagnosticSink = new DiagnosticSink(
    file,
    (path, key) => parsed?.pos(path, key) ?? { line: 1, column: 1 },
  );
  const parsed: ParsedSource | undefined = parse(text, sink);
  if (!parsed) return { ok: false, diagnostics: sink.sorted() };

  const headerValid = validateHeader(parsed.value, sink);
  const tree = buildStepTree(parsed.value, sink);
  const here = [...chain, nameOf(parsed.value) ?? file];
  let cycle: string[] | undefined;
  const analysis = analyze(parsed, tree, sink, {
    ...(ctx.options.guardrails ? { guardrails: ctx.options.guardrails } : {}),
    resolveChild: (child) => {
      const r = resolveChild(child, file, ctx, here);
      if (r.kind === 'cycle') cycle ??= r.chain;
      return r;
    },
  });
  if (sink.count > 0 || !headerValid) {
    return { ok: false, diagnostics: sink.sorted(), ...(cycle ? { cycle } : {}) };
  }
  return { ok: true, plan: lower(parsed, tree, analysis, file), diagnostics: sink.sorted() };
}

function resolveChild(name: string, from: string, ctx: Context, chain: string[]): ChildResult {
  if (chain.includes(name)) return { kind: 'cycle', chain: [...chain.slice(chain.indexOf(name)), name] };
  let result = ctx.done.get(name);
  if (!result) {
    const source = ctx.options.resolvePlaybook?.(name, from);
    if (!source) return { kind: 'unknown', known: ctx.options.listPlaybooks?.(from) ?? [] };
    result = compileWith(source.text, source.file, ctx, chain);
    if (result.ok && result.plan.name !== name) {
      return {
        kind: 'invalid',
        file: source.file,
        first: `${source.file} is named \`${result.plan.name}\`, not \`${name}\``,
        count: 1,
      };
    }
    ctx.done.set(name, result);
  }
  if (result.ok) return { kind: 'ok', plan: result.plan };
  if (result.cycle) return { kind: 'cycle', chain: result.cycle };
  const first = result.diagnostics[0];
  return {
    kind: 'invalid',
    file: first?.file ?? name,
    first: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'unknown',
    count: result.diagnostics.length,
  };
}

function nameOf(value: unknown): string | undefined {
  const name = (value as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}
