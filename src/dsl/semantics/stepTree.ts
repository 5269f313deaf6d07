// The steps as a tree, in document order: each step's kind (from its one kind key), whether it passed its
// kind's schema, and its nested step lists (forEach steps, parallel branches, onError). Built once; the
// checks and the lowering both walk it. Duplicate ids are found here, across the whole playbook, because
// the interpreter keeps every step's result under its id in one map.
import { didYouMean, list, type DiagnosticSink, type Path } from '../diagnostics.js';
import { STEP_KIND_KEYS, type StepKindKey, type StepKindName } from '../schema/playbookSchema.js';
import { validateStep } from '../schema/validate.js';
import type * as T from '../schema/types.generated.js';
import type { StepLocation } from './scope.js';

export interface StepNode {
  path: Path;
  /** The step as written. Typed access only when `valid`. */
  raw: Record<string, unknown>;
  kind?: StepKindName;
  /** True when the step passed its kind's schema: `raw` then is a `T.Step` of that kind. */
  valid: boolean;
  id?: string;
  order: number;
  /** Nested step lists: forEach `steps`, each parallel branch, `onError`. */
  blocks: StepBlock[];
}

export interface StepBlock {
  role: 'forEach' | 'branch' | 'onError';
  /** The branch name for parallel branches. */
  name?: string;
  path: Path;
  steps: StepNode[];
}

export interface StepTree {
  steps: StepNode[];
  /** Every id, first occurrence. */
  ids: Map<string, StepLocation>;
  /** Every variable a `set` step sets, first occurrence (to tell a forward reference from a typo). */
  vars: Map<string, StepLocation>;
  /** Ids of steps with an `if`. */
  conditional: Set<string>;
}

const KIND_KEYS = Object.keys(STEP_KIND_KEYS) as StepKindKey[];

export function buildStepTree(raw: unknown, sink: DiagnosticSink): StepTree {
  const ids = new Map<string, StepLocation>();
  const vars = new Map<string, StepLocation>();
  const conditional = new Set<string>();
  let order = 0;

  const nodes = (items: unknown, path: Path): StepNode[] =>
    Array.isArray(items) ? items.map((item, i) => node(item, [...path, i])) : [];

  const node = (value: unknown, path: Path): StepNode => {
    const raw = isObject(value) ? value : {};
    const n: StepNode = { path, raw, valid: false, order: order++, blocks: [] };
    if (!isObject(value)) return n; // the schema phase reported it
    if (typeof raw.id === 'string') {
      n.id = raw.id;
      const first = ids.get(raw.id);
      if (first) {
        sink.error('step.duplicateId', `step id \`${raw.id}\` is already used`, [...path, 'id'], {
          hint: `ids are unique across the playbook (nested steps included); the first is at ${pathText(first.path)}`,
        });
      } else ids.set(raw.id, { order: n.order, path });
    }
    if (typeof raw.id === 'string' && raw.if !== undefined && raw.if !== true) conditional.add(raw.id);
    if (isObject(raw.set))
      for (const k of Object.keys(raw.set)) if (!vars.has(k)) vars.set(k, { order: n.order, path });
    const kinds = KIND_KEYS.filter((k) => k in raw);
    if (kinds.length === 0) {
      const guess =
        'with' in raw
          ? 'an action step names its action: add `uses: <action>`'
          : Object.keys(raw)
              .map((k) => didYouMean(k, KIND_KEYS))
              .find((h) => h !== undefined);
      sink.error('step.kind', 'a step needs one of the kind keys', path, {
        hint: guess ?? `one of: ${list(KIND_KEYS)}`,
      });
    } else if (kinds.length > 1) {
      sink.error(
        'step.kind',
        `a step is one kind, but this one has ${kinds.map((k) => `\`${k}\``).join(' and ')}`,
        [...path, kinds[1] as string],
        { key: true, hint: 'split it into two steps' },
      );
    } else {
      const kind = STEP_KIND_KEYS[kinds[0] as StepKindKey];
      n.kind = kind;
      n.valid = validateStep(kind, raw, path, sink);
    }
    // Nested steps are walked whatever this step's own problems, so theirs are reported too.
    const onError = raw.onError;
    const blocks: StepBlock[] = [];
    if (n.kind === 'forEach' && isObject(raw.forEach)) {
      const p = [...path, 'forEach', 'steps'];
      blocks.push({ role: 'forEach', path: p, steps: nodes(raw.forEach.steps, p) });
    }
    if (n.kind === 'parallel' && isObject(raw.parallel)) {
      for (const [name, steps] of Object.entries(raw.parallel)) {
        const p = [...path, 'parallel', name];
        blocks.push({ role: 'branch', name, path: p, steps: nodes(steps, p) });
      }
    }
    if (Array.isArray(onError)) {
      const p = [...path, 'onError'];
      blocks.push({ role: 'onError', path: p, steps: nodes(onError, p) });
    }
    n.blocks = blocks;
    return n;
  };

  return { steps: isObject(raw) ? nodes(raw.steps, ['steps']) : [], ids, vars, conditional };
}

/** Typed views of a valid step. */
export function asStep<K extends StepKindName>(n: StepNode, kind: K): StepOf<K> | undefined {
  return n.valid && n.kind === kind ? (n.raw as unknown as StepOf<K>) : undefined;
}

export type StepOf<K extends StepKindName> = {
  action: T.ActionStep;
  approval: T.ApprovalStep;
  parallel: T.ParallelStep;
  forEach: T.ForEachStep;
  wait: T.WaitStep;
  playbook: T.PlaybookStep;
  set: T.SetStep;
  fail: T.FailStep;
}[K];

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return `\`${out}\``;
}

/** Every step in the tree, depth first. */
export function* allSteps(nodes: StepNode[]): Generator<StepNode> {
  for (const n of nodes) {
    yield n;
    for (const b of n.blocks) yield* allSteps(b.steps);
  }
}
