// Phase 4, lower: a checked playbook → the Plan. Runs only when the earlier phases found nothing, so every
// step here passed its schema and every expression parsed; this module only normalises (durations to ms,
// defaults filled in, values to PlanValues with positions) and never reports.
import { actionCatalog, isActionName } from '../catalog/index.js';
import { splitTemplate } from '../expr/template.js';
import type { Path } from './diagnostics.js';
import { parseDuration } from './duration.js';
import type { PlaybookGuardrails } from '../guardrails/policy.js';
import { hashPlan } from './hash.js';
import type { ParsedSource } from './parse.js';
import {
  PLAN_FORMAT_VERSION,
  type ActionCall,
  type ApprovalTimeoutPolicy,
  type OnError,
  type Plan,
  type PlanRetry,
  type PlanStep,
} from './plan.js';
import type { PlanExpr, PlanValue } from '../expr/valueTree.js';
import type { JsonValue } from '../common/json.js';
import type * as T from './schema/types.generated.js';
import type { Analysis } from './semantics/check.js';
import { asStep, type StepNode, type StepTree } from './semantics/stepTree.js';

interface Defaults {
  timeoutMs?: number;
  retry: Partial<PlanRetry>;
}

export function lower(src: ParsedSource, tree: StepTree, analysis: Analysis, file: string): Plan {
  const root = src.value as T.Playbook;
  const values = new ValueLowering(src);
  const defaults: Defaults = {
    ...(root.defaults?.timeout !== undefined ? { timeoutMs: ms(root.defaults.timeout) } : {}),
    retry: retry(root.defaults?.retry),
  };
  const steps = new StepLowering(values, defaults).steps(tree.steps, undefined);
  const outputs: Plan['outputs'] = {};
  for (const [k, v] of Object.entries(root.outputs ?? {}))
    outputs[k] = values.value(v, ['outputs', k], undefined);

  const children: Record<string, Plan> = {};
  for (const [name, plan] of analysis.children) {
    // One flat map: the interpreter hands a child every Plan it may start, so nested children stay pinned.
    const { children: grandchildren, ...rest } = plan;
    children[name] = rest;
    for (const [n, p] of Object.entries(grandchildren ?? {})) children[n] ??= p;
  }

  const body: Omit<Plan, 'hash' | 'source'> = {
    formatVersion: PLAN_FORMAT_VERSION,
    name: root.name,
    ...(root.description !== undefined ? { description: root.description } : {}),
    inputs: analysis.inputs,
    ...(root.subject !== undefined ? { subject: values.value(root.subject, ['subject'], undefined) } : {}),
    ...(root.timeout !== undefined ? { timeoutMs: ms(root.timeout) } : {}),
    onFailure: root.onFailure ?? 'compensate',
    ...(root.guardrails !== undefined ? { guardrails: guardrailsOf(root.guardrails) } : {}),
    steps,
    outputs,
    ...(Object.keys(children).length > 0 ? { children: sortKeys(children) } : {}),
  };
  return { ...body, source: file, hash: hashPlan(body) };
}

class StepLowering {
  constructor(
    private readonly values: ValueLowering,
    private readonly defaults: Defaults,
  ) {}

  steps(nodes: StepNode[], item: string | undefined): PlanStep[] {
    return nodes.map((n) => this.step(n, item));
  }

  private step(n: StepNode, item: string | undefined): PlanStep {
    const raw = n.raw as unknown as T.Step;
    const path = n.path;
    const v = (x: unknown, p: Path): PlanValue => this.values.value(x, p, item);
    const onErrorBlock = n.blocks.find((b) => b.role === 'onError');
    const onError: OnError = onErrorBlock
      ? { kind: 'steps', steps: this.steps(onErrorBlock.steps, item) }
      : raw.onError === 'continue'
        ? { kind: 'continue' }
        : { kind: 'fail' };
    const common = {
      id: raw.id,
      ...(raw.name !== undefined ? { name: raw.name } : {}),
      ...(raw.if !== undefined ? { if: this.values.expr(raw.if, [...path, 'if'], item) } : {}),
      onError,
      at: this.values.pos(path),
    };

    const action = asStep(n, 'action');
    if (action) {
      const compensate = action.compensate
        ? this.call(action.compensate, [...path, 'compensate'], item)
        : undefined;
      return {
        ...common,
        kind: 'action',
        ...this.call(action, path, item),
        ...(compensate ? { compensate } : {}),
      };
    }
    const approval = asStep(n, 'approval');
    if (approval) {
      const a = approval.approval;
      const onTimeout: ApprovalTimeoutPolicy =
        typeof a.onTimeout === 'object'
          ? {
              ...(a.onTimeout.escalate
                ? {
                    escalate: {
                      approvers: v(a.onTimeout.escalate.approvers, [
                        ...path,
                        'approval',
                        'onTimeout',
                        'escalate',
                        'approvers',
                      ]),
                      timeoutMs: ms(a.onTimeout.escalate.timeout),
                    },
                  }
                : {}),
              then: a.onTimeout.then ?? 'reject',
            }
          : { then: a.onTimeout ?? 'reject' };
      return {
        ...common,
        kind: 'approval',
        title: v(a.title ?? raw.name ?? raw.id, [...path, 'approval', 'title']),
        approvers: v(a.approvers, [...path, 'approval', 'approvers']),
        required: a.required ?? 1,
        allowSelfApproval: a.allowSelfApproval ?? false,
        timeoutMs: ms(a.timeout),
        onTimeout,
      };
    }
    const parallel = asStep(n, 'parallel');
    if (parallel) {
      const branches = n.blocks.filter((b) => b.role === 'branch');
      return {
        ...common,
        kind: 'parallel',
        branches: branches.map((b) => this.steps(b.steps, item)),
        branchNames: branches.map((b) => b.name ?? ''),
      };
    }
    const forEach = asStep(n, 'forEach');
    if (forEach) {
      const f = forEach.forEach;
      const as = f.as ?? 'item';
      const block = n.blocks.find((b) => b.role === 'forEach');
      return {
        ...common,
        kind: 'forEach',
        items: v(f.items, [...path, 'forEach', 'items']),
        as,
        concurrency: f.concurrency ?? 1,
        steps: this.steps(block?.steps ?? [], as),
      };
    }
    const wait = asStep(n, 'wait');
    if (wait) {
      return {
        ...common,
        kind: 'wait',
        ...(wait.wait.for !== undefined ? { forMs: ms(wait.wait.for) } : {}),
        ...(wait.wait.until !== undefined ? { until: v(wait.wait.until, [...path, 'wait', 'until']) } : {}),
      };
    }
    const playbook = asStep(n, 'playbook');
    if (playbook) {
      return {
        ...common,
        kind: 'playbook',
        playbook: playbook.playbook,
        with: v(playbook.with ?? {}, [...path, 'with']),
      };
    }
    const set = asStep(n, 'set');
    if (set) {
      const vars: { [name: string]: PlanValue } = {};
      for (const [k, x] of Object.entries(set.set)) vars[k] = v(x, [...path, 'set', k]);
      return { ...common, kind: 'set', vars };
    }
    const fail = asStep(n, 'fail');
    if (fail) return { ...common, kind: 'fail', message: v(fail.fail, [...path, 'fail']) };
    throw new Error(`lowering a step that did not pass its checks (${String(n.kind)} at ${path.join('/')})`);
  }

  private call(c: T.ActionCall | T.ActionStep, path: Path, item: string | undefined): ActionCall {
    if (!isActionName(c.uses)) throw new Error(`lowering an unknown action ${c.uses}`);
    const def = actionCatalog[c.uses];
    return {
      action: c.uses,
      with: this.values.value(c.with ?? {}, [...path, 'with'], item),
      timeoutMs:
        c.timeout !== undefined ? ms(c.timeout) : (this.defaults.timeoutMs ?? def.defaults.timeoutMs),
      retry: { ...def.defaults.retry, ...this.defaults.retry, ...retry(c.retry) },
    };
  }
}

/** YAML values → PlanValues: literal subtrees collapse to one literal; expressions keep their position. */
class ValueLowering {
  constructor(private readonly src: ParsedSource) {}

  pos(path: Path): { line: number; column: number } {
    return this.src.pos(path);
  }

  value(raw: unknown, path: Path, item: string | undefined): PlanValue {
    if (typeof raw === 'string') return this.string(raw, path, item);
    if (Array.isArray(raw)) {
      const items = raw.map((x, i) => this.value(x, [...path, i], item));
      return items.every((i) => i.kind === 'literal')
        ? { kind: 'literal', value: items.map((i) => (i.kind === 'literal' ? i.value : null)) }
        : { kind: 'list', items };
    }
    if (raw !== null && typeof raw === 'object') {
      const entries: { [key: string]: PlanValue } = {};
      for (const [k, x] of Object.entries(raw)) entries[k] = this.value(x, [...path, k], item);
      if (Object.values(entries).every((e) => e.kind === 'literal')) {
        const value: { [key: string]: JsonValue } = {};
        for (const [k, e] of Object.entries(entries)) if (e.kind === 'literal') value[k] = e.value;
        return { kind: 'literal', value };
      }
      return { kind: 'map', entries };
    }
    return { kind: 'literal', value: (raw ?? null) as JsonValue };
  }

  /** A value the checks proved to be one whole expression (or a literal boolean). */
  expr(raw: string | boolean, path: Path, item: string | undefined): PlanExpr {
    if (typeof raw === 'boolean') return { kind: 'expr', source: String(raw), at: this.src.pos(path) };
    const v = this.string(raw, path, item);
    if (v.kind !== 'expr') throw new Error(`lowering a non-expression at ${path.join('/')}`);
    return v;
  }

  private string(text: string, path: Path, item: string | undefined): PlanValue {
    if (!text.includes('${{')) return { kind: 'literal', value: text };
    const parts = splitTemplate(text).map((p) =>
      'text' in p ? p.text : this.expression(p.source, path, p.sourceStart, item),
    );
    const only = parts[0];
    if (parts.length === 1 && only !== undefined && typeof only !== 'string') return only;
    return { kind: 'template', parts };
  }

  private expression(source: string, path: Path, offset: number, item: string | undefined): PlanExpr {
    return {
      kind: 'expr',
      source,
      at: this.src.posInString(path, offset),
      ...(item !== undefined && item !== 'item' ? { as: item } : {}),
    };
  }
}

function ms(text: string): number {
  const v = parseDuration(text);
  if (v === undefined) throw new Error(`lowering an unchecked duration ${text}`);
  return v;
}

function retry(r: T.Retry | undefined): Partial<PlanRetry> {
  if (!r) return {};
  return {
    ...(r.maxAttempts !== undefined ? { maxAttempts: r.maxAttempts } : {}),
    ...(r.initialInterval !== undefined ? { initialIntervalMs: ms(r.initialInterval) } : {}),
    ...(r.backoff !== undefined ? { backoff: r.backoff } : {}),
    ...(r.maxInterval !== undefined ? { maxIntervalMs: ms(r.maxInterval) } : {}),
  };
}

/** The declared guardrails as the Plan carries them (the schema checked their shape). */
function guardrailsOf(g: T.Playbook['guardrails']): PlaybookGuardrails {
  return JSON.parse(JSON.stringify(g)) as PlaybookGuardrails;
}

function sortKeys<V>(o: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
