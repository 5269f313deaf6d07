// What an expression may name at one point of a playbook. Built as the checker walks the steps in the
// order they run: a step's results become visible after it, a forEach item inside its steps only, a
// parallel branch's steps after the whole parallel step (never to a sibling branch).
import type { Path } from '../diagnostics.js';
import { closed, str, type Ty } from './types.js';

/** Where a step is, for telling a typo from a forward reference or a step hidden in a nested block. */
export interface StepLocation {
  /** Position in document order. */
  order: number;
  path: Path;
}

/**
 * A map that sees its parent's entries; what is set in it stays in it. Nested blocks (forEach bodies,
 * branches, onError, compensation) get one each, so entering a block costs nothing however many steps
 * came before it.
 */
export class Layer<V> {
  private readonly own = new Map<string, V>();

  constructor(private readonly parent?: Layer<V>) {}

  has(key: string): boolean {
    return this.own.has(key) || (this.parent?.has(key) ?? false);
  }

  get(key: string): V | undefined {
    return this.own.has(key) ? this.own.get(key) : this.parent?.get(key);
  }

  set(key: string, value: V): this {
    this.own.set(key, value);
    return this;
  }

  /** Entries set in this layer only (not the parent's). */
  ownEntries(): IterableIterator<[string, V]> {
    return this.own.entries();
  }

  *keys(): Generator<string> {
    const seen = new Set<string>();
    for (const k of this.own.keys()) {
      seen.add(k);
      yield k;
    }
    if (this.parent) for (const k of this.parent.keys()) if (!seen.has(k)) yield k;
  }
}

export interface StaticScope {
  /** Root names usable here (`subject` may use `inputs` only). */
  readonly roots: ReadonlySet<string>;
  readonly inputs: ReadonlyMap<string, Ty>;
  /** Steps visible here, id → type of `steps.<id>` (`{status, output}`). */
  readonly steps: Layer<Ty>;
  /** Variables set before this point, name → type. */
  readonly vars: Layer<Ty>;
  /** Inside forEach: the item's name and type. */
  readonly item?: { name: string; ty: Ty };
  /** Every step of the playbook, by id. */
  readonly all: ReadonlyMap<string, StepLocation>;
  /** Every variable any `set` step sets, by name. */
  readonly allVars: ReadonlyMap<string, StepLocation>;
  /** Item names of enclosing forEach steps that an inner forEach hides. */
  readonly hiddenItems: readonly string[];
  /** Ids of steps that have an `if` (and so may have been skipped, without output). */
  readonly conditional: ReadonlySet<string>;
  /** Ids whose status the current step's `if` tests: reading their output inside the step is safe. */
  guarded: ReadonlySet<string>;
  /** Document order of the point being checked. */
  order: number;
}

export const ALL_ROOTS: ReadonlySet<string> = new Set(['inputs', 'steps', 'vars', 'trigger', 'run']);

/** Who or what started the run, as the interpreter exposes it. */
export const triggerType = closed({
  kind: { enum: ['cli', 'api', 'webhook', 'schedule', 'finding', 'playbook', 'test'] },
  requestedBy: { anyOf: [str, { type: 'null' }] },
  source: { anyOf: [str, { type: 'null' }] },
  key: str,
});

/** The run itself, as the interpreter exposes it. */
export const runType = closed({
  workflowId: str,
  runId: str,
  playbook: str,
  planHash: str,
  subject: str,
  startedAt: str,
});

/** A scope for the steps nested in a block: sees what the parent sees; what it adds stays inside. */
export function child(scope: StaticScope, extra: { item?: { name: string; ty: Ty } } = {}): StaticScope {
  const item = extra.item ?? scope.item;
  const hidden = extra.item && scope.item ? [...scope.hiddenItems, scope.item.name] : scope.hiddenItems;
  return {
    roots: scope.roots,
    inputs: scope.inputs,
    steps: new Layer(scope.steps),
    vars: new Layer(scope.vars),
    ...(item ? { item } : {}),
    all: scope.all,
    allVars: scope.allVars,
    hiddenItems: hidden,
    conditional: scope.conditional,
    guarded: scope.guarded,
    order: scope.order,
  };
}
