// Phase 3, semantics: what a schema cannot say. Walks the steps in the order they run, keeping the scope
// of names (inputs, earlier steps, vars, the forEach item), and checks expressions, action arguments,
// durations, approvals, compensation and child playbooks. Reports everything it finds; never stops early.
import { actionCatalog, isActionName, type ActionDefinition } from '../../catalog/index.js';
import { didYouMean, list, type DiagnosticSink, type Path } from '../diagnostics.js';
import { formatDuration, parseDuration } from '../duration.js';
import type { ParsedSource } from '../parse.js';
import type { Plan } from '../plan.js';
import type { JsonObject } from '../../common/json.js';
import { RESERVED_NAMES, type Schema } from '../schema/playbookSchema.js';
import type * as T from '../schema/types.generated.js';
import type { GlobalGuardrails } from '../../guardrails/policy.js';
import { checkArguments, containsExpression } from './arguments.js';
import { dataValidator } from './dataSchemas.js';
import { ExpressionChecker, isWholeExpression } from './expressions.js';
import { checkGuardrails } from './guardrails.js';
import { ALL_ROOTS, child, Layer, type StaticScope } from './scope.js';
import { asStep, isObject, type StepNode, type StepTree } from './stepTree.js';
import { bool, closed, int, listOf, nameOf, str, type Ty } from './types.js';

/** What resolving a child playbook gave. */
export type ChildResult =
  | { kind: 'ok'; plan: Plan }
  | { kind: 'unknown'; known: string[] }
  | { kind: 'cycle'; chain: string[] }
  | { kind: 'invalid'; file: string; first: string; count: number };

export interface SemanticsOptions {
  resolveChild: (name: string) => ChildResult;
  /** The operator's guardrails, for what can be checked at compile time. @default DEFAULT_GLOBAL_GUARDRAILS */
  guardrails?: GlobalGuardrails;
}

export interface Analysis {
  /** The inputs as one JSON Schema object (what the Plan carries). */
  inputs: JsonObject;
  /** Child Plans by name, for `Plan.children`. */
  children: Map<string, Plan>;
}

const DAY = 86_400_000;
/** Sane ranges per kind of duration: long enough to mean something, short enough to end. */
const RANGES = {
  attempt: { min: 1_000, max: DAY, what: 'an action attempt' },
  interval: { min: 10, max: DAY, what: 'a retry interval' },
  approval: { min: 60_000, max: 366 * DAY, what: 'an approval' },
  wait: { min: 1_000, max: 366 * DAY, what: 'a wait' },
  run: { min: 60_000, max: 366 * DAY, what: 'a run' },
} as const;
type RangeName = keyof typeof RANGES;

export function analyze(
  src: ParsedSource,
  tree: StepTree,
  sink: DiagnosticSink,
  options: SemanticsOptions,
): Analysis {
  return new Checker(src, tree, sink, options).run();
}

class Checker {
  private readonly exprs: ExpressionChecker;
  private readonly root: Record<string, unknown>;
  private runTimeoutMs: number | undefined;
  private readonly children = new Map<string, Plan>();

  constructor(
    src: ParsedSource,
    private readonly tree: StepTree,
    private readonly sink: DiagnosticSink,
    private readonly options: SemanticsOptions,
  ) {
    this.exprs = new ExpressionChecker(src, sink);
    this.root = isObject(src.value) ? src.value : {};
  }

  run(): Analysis {
    const root = this.root;
    const { schema, types } = this.inputs(root.inputs);
    const base: StaticScope = {
      roots: ALL_ROOTS,
      inputs: types,
      steps: new Layer(),
      vars: new Layer(),
      all: this.tree.ids,
      allVars: this.tree.vars,
      hiddenItems: [],
      conditional: this.tree.conditional,
      guarded: new Set(),
      order: 0,
    };
    if (root.subject !== undefined) {
      const t = this.exprs.value(root.subject, ['subject'], { ...base, roots: new Set(['inputs']) });
      this.exprs.expect(t, str, ['subject'], '`subject`');
    }
    if (typeof root.timeout === 'string') this.runTimeoutMs = this.duration(root.timeout, ['timeout'], 'run');
    if (isObject(root.defaults)) {
      const d = root.defaults;
      if (typeof d.timeout === 'string') this.duration(d.timeout, ['defaults', 'timeout'], 'attempt');
      this.retry(d.retry, ['defaults', 'retry']);
    }
    this.steps(this.tree.steps, base);
    checkGuardrails(root, this.tree, this.sink, this.options.guardrails, this.children);
    if (isObject(root.outputs)) {
      for (const [k, v] of Object.entries(root.outputs)) {
        this.exprs.value(v, ['outputs', k], { ...base, order: Number.MAX_SAFE_INTEGER });
      }
    }
    return { inputs: schema, children: this.children };
  }

  private inputs(raw: unknown): { schema: JsonObject; types: Map<string, Ty> } {
    const types = new Map<string, Ty>();
    const properties: JsonObject = {};
    const required: string[] = [];
    if (isObject(raw)) {
      for (const [name, s] of Object.entries(raw)) {
        const path = ['inputs', name];
        types.set(name, isObject(s) ? s : undefined);
        if ((RESERVED_NAMES as readonly string[]).includes(name) && name !== 'item') {
          this.sink.error('schema.value', `\`${name}\` is a reserved name`, path, { key: true });
        }
        if (!isObject(s)) continue;
        properties[name] = s as JsonObject;
        if (!('default' in s)) required.push(name);
        let validate;
        try {
          validate = dataValidator(s);
        } catch (err) {
          this.sink.error(
            'inputs.schema',
            `the schema of input \`${name}\` is not valid: ${firstLine(err)}`,
            path,
            { key: true },
          );
          continue;
        }
        if ('default' in s && !validate(s.default)) {
          const e = validate.errors?.[0];
          this.sink.error(
            'inputs.schema',
            `the default of \`${name}\` does not fit its own schema: ${e?.message ?? 'invalid'}`,
            [...path, 'default'],
          );
        }
      }
    }
    return { schema: { type: 'object', properties, required, additionalProperties: false }, types };
  }

  /** Checks a list of steps in order; what they add to the scope stays in `scope`. */
  private steps(nodes: StepNode[], scope: StaticScope): void {
    const outer = scope.guarded;
    for (const n of nodes) {
      scope.order = n.order;
      scope.guarded = typeof n.raw.if === 'string' ? guardedBy(n.raw.if) : new Set();
      const type = this.step(n, scope);
      scope.guarded = outer;
      if (n.id !== undefined && !scope.steps.has(n.id)) scope.steps.set(n.id, type);
    }
  }

  /** Checks one step; returns the type of `steps.<id>` for the steps after it. */
  private step(n: StepNode, scope: StaticScope): Ty {
    const raw = n.raw;
    const path = n.path;
    if (typeof raw.if === 'string' || typeof raw.if === 'boolean') {
      const t = this.exprs.whole(raw.if, [...path, 'if'], scope, '`if`');
      this.exprs.expect(t, bool, [...path, 'if'], '`if`');
    }
    const isAction = n.kind === 'action';
    if (n.kind !== undefined && !isAction) {
      for (const key of ['timeout', 'retry'] as const) {
        if (raw[key] === undefined) continue;
        this.sink.error('step.keyNotApplicable', `\`${key}\` applies to action steps only`, [...path, key], {
          key: true,
          hint:
            n.kind === 'approval' && key === 'timeout'
              ? 'an approval’s deadline is `approval.timeout`'
              : n.kind === 'wait'
                ? 'a wait lasts `wait.for`'
                : 'set it on the actions inside, or as `defaults`',
        });
      }
      if (raw.compensate !== undefined) {
        this.sink.error(
          'compensate.notAction',
          '`compensate` undoes an action; this step is not one',
          [...path, 'compensate'],
          {
            key: true,
            hint: 'put `compensate` on the action steps inside, which are undone one by one',
          },
        );
      }
    }
    if (isAction) {
      if (typeof raw.timeout === 'string') this.duration(raw.timeout, [...path, 'timeout'], 'attempt');
      this.retry(raw.retry, [...path, 'retry']);
    }

    const output = this.kind(n, scope);
    const failable = raw.onError !== undefined && raw.onError !== 'fail';
    const outputTy = failable && output ? { anyOf: [output, errorOutput] } : output;
    const self = closed({ status: { enum: ['succeeded', 'skipped', 'failed'] }, output: outputTy });
    const onError = n.blocks.find((b) => b.role === 'onError');
    if (onError) {
      const inner = child(scope);
      if (n.id !== undefined)
        inner.steps.set(n.id, closed({ status: { enum: ['failed'] }, output: errorOutput }));
      this.steps(onError.steps, inner);
    }
    return self;
  }

  /** The kind-specific checks; returns the type of the step's output. */
  private kind(n: StepNode, scope: StaticScope): Ty {
    const path = n.path;
    switch (n.kind) {
      case 'action':
        return this.action(n.raw, path, scope, n);
      case 'approval': {
        const s = asStep(n, 'approval');
        if (s) this.approval(s.approval, [...path, 'approval'], scope);
        return approvalOutput;
      }
      case 'parallel': {
        const added = new Map<string, Ty>();
        const vars = new Map<string, Ty>();
        for (const b of n.blocks.filter((x) => x.role === 'branch')) {
          const inner = child(scope);
          this.steps(b.steps, inner);
          for (const [k, v] of inner.steps.ownEntries()) added.set(k, v);
          for (const [k, v] of inner.vars.ownEntries()) vars.set(k, v);
        }
        // After the parallel step, every branch has ended: their steps and vars are visible.
        for (const [k, v] of added) scope.steps.set(k, v);
        for (const [k, v] of vars) scope.vars.set(k, v);
        return closed({ branches: int });
      }
      case 'forEach': {
        const raw = isObject(n.raw.forEach) ? n.raw.forEach : {};
        const itemsPath = [...path, 'forEach', 'items'];
        let itemsTy: Ty;
        if (typeof raw.items === 'string') {
          itemsTy = this.exprs.whole(raw.items, itemsPath, scope, '`items`');
          this.exprs.expect(itemsTy, listOf(undefined), itemsPath, '`items`');
        } else itemsTy = this.exprs.value(raw.items, itemsPath, scope);
        const name = typeof raw.as === 'string' ? raw.as : 'item';
        const elementTy = nameOf(itemsTy) === 'list' ? ((itemsTy as Schema).items as Ty) : undefined;
        const block = n.blocks.find((b) => b.role === 'forEach');
        if (block) this.steps(block.steps, child(scope, { item: { name, ty: elementTy } }));
        return listOf(
          closed({ item: elementTy, status: { enum: ['succeeded', 'failed'] }, steps: { type: 'object' } }),
        );
      }
      case 'wait': {
        const s = asStep(n, 'wait');
        if (s?.wait.for !== undefined) {
          const ms = this.duration(s.wait.for, [...path, 'wait', 'for'], 'wait');
          this.withinRun(ms, [...path, 'wait', 'for'], 'the wait');
        }
        if (s?.wait.until !== undefined) {
          const p = [...path, 'wait', 'until'];
          const t = this.exprs.value(s.wait.until, p, scope);
          this.exprs.expect(t, str, p, '`until`');
          if (!containsExpression(s.wait.until) && Number.isNaN(Date.parse(s.wait.until))) {
            this.sink.error(
              'schema.value',
              '`until` must be an ISO 8601 date or timestamp (or an expression)',
              p,
              {
                hint: 'e.g. `2026-03-01T09:00:00Z` or `${{ inputs.startDate }}`',
              },
            );
          }
        }
        return closed({ waitedUntil: str });
      }
      case 'playbook':
        return this.playbook(n, scope);
      case 'set': {
        const s = asStep(n, 'set');
        const vars: Record<string, Ty> = {};
        for (const [k, v] of Object.entries(s?.set ?? {})) {
          if ((RESERVED_NAMES as readonly string[]).includes(k)) {
            this.sink.error('schema.value', `\`${k}\` is a reserved name`, [...path, 'set', k], {
              key: true,
            });
          }
          vars[k] = this.exprs.value(v, [...path, 'set', k], scope);
        }
        for (const [k, v] of Object.entries(vars)) scope.vars.set(k, v);
        return closed(vars);
      }
      case 'fail': {
        const s = asStep(n, 'fail');
        if (s) this.exprs.value(s.fail, [...path, 'fail'], scope);
        return errorOutput;
      }
      default:
        return undefined;
    }
  }

  private action(raw: Record<string, unknown>, path: Path, scope: StaticScope, n: StepNode): Ty {
    const output = this.call(raw, path, scope, n.valid);
    if (raw.compensate !== undefined && isObject(raw.compensate)) {
      this.inverse(raw.uses, raw.compensate.uses, [...path, 'compensate', 'uses']);
      // The undo runs after the step succeeded and may read its output (e.g. a created user's id).
      const undoScope = child(scope);
      if (n.id !== undefined) undoScope.steps.set(n.id, closed({ status: { enum: ['succeeded'] }, output }));
      this.call(raw.compensate, [...path, 'compensate'], undoScope, n.valid);
      if (typeof raw.compensate.timeout === 'string')
        this.duration(raw.compensate.timeout, [...path, 'compensate', 'timeout'], 'attempt');
      this.retry(raw.compensate.retry, [...path, 'compensate', 'retry']);
    }
    return output;
  }

  /**
   * An undo must undo: only an action the catalog lists in the step's action's `undoneBy`. Otherwise the
   * undo phase is a way to mutate past every check a step gets — a read "undone" by a suspension.
   */
  private inverse(uses: unknown, undo: unknown, path: Path): void {
    if (typeof uses !== 'string' || !isActionName(uses) || typeof undo !== 'string' || !isActionName(undo))
      return;
    const def: ActionDefinition = actionCatalog[uses];
    const allowed = def.undoneBy ?? [];
    if (allowed.includes(undo)) return;
    this.sink.error('compensate.notInverse', `\`${undo}\` does not undo \`${uses}\``, path, {
      hint:
        allowed.length > 0
          ? `\`${uses}\` is undone by: ${allowed.join(', ')}`
          : def.writes.length === 0
            ? `\`${uses}\` changes nothing, so there is nothing to undo: remove \`compensate\``
            : `nothing undoes \`${uses}\` (the catalog names no undo for it): remove \`compensate\``,
    });
  }

  /** `uses` + `with`: the action exists, its arguments fit. Returns the action's output type. */
  /** `valid`: the step passed its schema; otherwise a missing `with` is likely a misspelt key, already reported. */
  private call(raw: Record<string, unknown>, path: Path, scope: StaticScope, valid: boolean): Ty {
    const uses = raw.uses;
    if (typeof uses !== 'string') {
      if (raw.with !== undefined) this.exprs.value(raw.with, [...path, 'with'], scope);
      return undefined;
    }
    if (!isActionName(uses)) {
      this.sink.error('action.unknown', `unknown action \`${uses}\``, [...path, 'uses'], {
        hint:
          didYouMean(uses, Object.keys(actionCatalog)) ?? `actions: ${list(Object.keys(actionCatalog), 40)}`,
      });
      if (raw.with !== undefined) this.exprs.value(raw.with, [...path, 'with'], scope);
      return undefined;
    }
    const def = actionCatalog[uses];
    if ((raw.with !== undefined && !isObject(raw.with)) || (raw.with === undefined && !valid))
      return def.output;
    checkArguments(
      {
        what: `\`${uses}\``,
        schema: def.with,
        anchor: [...path, 'uses'],
        codes: {
          unknown: 'action.unknownArgument',
          missing: 'action.missingArgument',
          value: 'action.arguments',
        },
      },
      raw.with,
      [...path, 'with'],
      scope,
      this.exprs,
      this.sink,
    );
    return def.output;
  }

  private approval(a: T.ApprovalStep['approval'], path: Path, scope: StaticScope): void {
    if (a.title !== undefined) this.exprs.value(a.title, [...path, 'title'], scope);
    const people = this.approvers(a.approvers, [...path, 'approvers'], scope);
    const required = a.required ?? 1;
    if (people !== undefined && required > people) {
      this.sink.error(
        'approval.required',
        `\`required: ${required}\` but only ${people} approver(s) are listed`,
        [...path, 'required'],
        {
          hint: 'list more approvers (or a `group:`), or lower `required`',
        },
      );
    }
    const ms = this.duration(a.timeout, [...path, 'timeout'], 'approval');
    let total = ms;
    if (isObject(a.onTimeout) && a.onTimeout.escalate) {
      const e = a.onTimeout.escalate;
      this.approvers(e.approvers, [...path, 'onTimeout', 'escalate', 'approvers'], scope);
      const more = this.duration(e.timeout, [...path, 'onTimeout', 'escalate', 'timeout'], 'approval');
      total = ms !== undefined && more !== undefined ? ms + more : undefined;
    }
    this.withinRun(total, [...path, 'timeout'], 'the approval (with its escalation)');
  }

  /** Checks approver entries; returns how many distinct people are listed, when that is knowable. */
  private approvers(raw: T.Approvers, path: Path, scope: StaticScope): number | undefined {
    if (typeof raw === 'string') {
      const t = this.exprs.whole(raw, path, scope, '`approvers`');
      this.exprs.expect(t, listOf(str), path, '`approvers`');
      return undefined;
    }
    let countable = true;
    const people = new Set<string>();
    raw.forEach((entry, i) => {
      const p = [...path, i];
      if (containsExpression(entry)) {
        countable = false;
        const t = this.exprs.value(entry, p, scope);
        this.exprs.expect(t, str, p, 'an approver');
      } else if (entry.startsWith('group:')) {
        countable = false;
        if (entry.slice(6).trim() === '')
          this.sink.error('approval.approvers', '`group:` needs a user group name', p, {
            hint: 'e.g. `group:IT Admins`',
          });
      } else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(entry)) {
        this.sink.error('approval.approvers', `\`${entry}\` is neither an email nor \`group:<name>\``, p, {
          hint: 'approvers are emails (`ana@example.com`), user groups (`group:IT Admins`) or expressions',
        });
      } else people.add(entry.toLowerCase());
    });
    return countable ? people.size : undefined;
  }

  private playbook(n: StepNode, scope: StaticScope): Ty {
    const s = asStep(n, 'playbook');
    const raw = n.raw;
    if (!s) {
      if (raw.with !== undefined) this.exprs.value(raw.with, [...n.path, 'with'], scope);
      return undefined;
    }
    const path = [...n.path, 'playbook'];
    const r = this.options.resolveChild(s.playbook);
    switch (r.kind) {
      case 'unknown':
        this.sink.error('playbook.unknown', `no playbook named \`${s.playbook}\``, path, {
          hint:
            didYouMean(s.playbook, r.known) ??
            (r.known.length
              ? `playbooks: ${list(r.known)}`
              : 'child playbooks are found as `<name>.yaml` next to this file'),
        });
        break;
      case 'cycle':
        this.sink.error(
          'playbook.cycle',
          `playbooks call each other in a cycle: ${r.chain.join(' → ')}`,
          path,
          {
            hint: 'a playbook may not run itself, directly or through its children',
          },
        );
        break;
      case 'invalid':
        this.sink.error(
          'playbook.invalid',
          `child playbook \`${s.playbook}\` has ${r.count} problem(s)`,
          path,
          {
            hint: `first: ${r.first}`,
          },
        );
        break;
      case 'ok': {
        this.children.set(s.playbook, r.plan);
        checkArguments(
          {
            what: `playbook \`${s.playbook}\``,
            schema: r.plan.inputs,
            anchor: path,
            codes: { unknown: 'playbook.inputs', missing: 'playbook.inputs', value: 'playbook.inputs' },
          },
          s.with,
          [...n.path, 'with'],
          scope,
          this.exprs,
          this.sink,
        );
        const outputs: Record<string, Ty> = {};
        for (const k of Object.keys(r.plan.outputs)) outputs[k] = undefined;
        return closed({ outputs: closed(outputs), compensated: bool });
      }
    }
    if (s.with !== undefined) this.exprs.value(s.with, [...n.path, 'with'], scope);
    return undefined;
  }

  private retry(raw: unknown, path: Path): void {
    if (!isObject(raw)) return;
    const first =
      typeof raw.initialInterval === 'string'
        ? this.duration(raw.initialInterval, [...path, 'initialInterval'], 'interval')
        : undefined;
    const max =
      typeof raw.maxInterval === 'string'
        ? this.duration(raw.maxInterval, [...path, 'maxInterval'], 'interval')
        : undefined;
    if (first !== undefined && max !== undefined && first > max) {
      this.sink.error(
        'duration.range',
        '`initialInterval` is longer than `maxInterval`',
        [...path, 'initialInterval'],
        {
          hint: `make \`maxInterval\` at least ${formatDuration(first)}`,
        },
      );
    }
  }

  /** Parses a duration the schema already found well-formed, and checks it is in its sane range. */
  private duration(text: string, path: Path, range: RangeName): number | undefined {
    const ms = parseDuration(text);
    if (ms === undefined) return undefined; // malformed: the schema phase said so
    const r = RANGES[range];
    if (ms < r.min || ms > r.max) {
      this.sink.error('duration.range', `${formatDuration(ms)} is out of range for ${r.what}`, path, {
        hint: `between ${formatDuration(r.min)} and ${formatDuration(r.max)}`,
      });
      return undefined;
    }
    return ms;
  }

  /** A warning, not an error: a run deadline shorter than a wait may be meant (the deadline governs). */
  private withinRun(ms: number | undefined, path: Path, what: string): void {
    if (ms === undefined || this.runTimeoutMs === undefined || ms <= this.runTimeoutMs) return;
    this.sink.warn(
      'duration.range',
      `${what} can last ${formatDuration(ms)}, longer than the run’s \`timeout\` of ${formatDuration(this.runTimeoutMs)}`,
      path,
      { hint: 'the run times out (and compensates) first; raise the run’s `timeout` or shorten this' },
    );
  }
}

/** The steps whose status an `if` tests (`steps.x.status`, `steps.x.output…`): safe to read inside. */
function guardedBy(condition: string): Set<string> {
  return new Set(
    [...condition.matchAll(/steps\.([A-Za-z_][A-Za-z0-9_]*)\.(?:status|\??output)/g)].map((m) => m[1] ?? ''),
  );
}

const errorOutput = closed({ error: str, type: { anyOf: [str, { type: 'null' }] } });

/** What an approval step returns (see src/workflows/interpreter.ts). */
const approvalOutput = closed({
  approved: bool,
  status: { enum: ['approved', 'rejected', 'timedOut'] },
  stage: { enum: ['primary', 'escalated'] },
  decisions: listOf(
    closed({
      approver: str,
      decision: { enum: ['approve', 'reject'] },
      comment: { anyOf: [str, { type: 'null' }] },
      at: str,
    }),
  ),
  decidedBy: listOf(str),
  at: str,
});

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

export { isWholeExpression };
