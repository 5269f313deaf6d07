// A Plan as a Mermaid flowchart (`idflow graph`): steps in order, `if` as a decision with a skip edge,
// approvals as hexagons with their timeout path, parallel branches and forEach bodies as subgraphs,
// onError recovery as dashed edges, and each action's compensation as a dotted "undo" edge.
import type { Plan, PlanStep } from './plan.js';
import type { PlanValue } from '../expr/valueTree.js';
import { formatDuration } from './duration.js';

interface Exit {
  from: string;
  label?: string;
}

interface Fragment {
  entry: string;
  exits: Exit[];
}

export function planToMermaid(plan: Plan): string {
  return new Graph().render(plan);
}

class Graph {
  private readonly lines: string[] = [];
  private counter = 0;

  render(plan: Plan): string {
    this.lines.push('flowchart TD');
    this.node('start', 'stadium', `${plan.name}`);
    const body = this.sequence(plan.steps, '  ');
    this.node(
      'finish',
      'stadium',
      Object.keys(plan.outputs).length ? `end: ${Object.keys(plan.outputs).join(', ')}` : 'end',
    );
    this.edge({ from: 'start' }, body.entry);
    for (const e of body.exits) this.edge(e, 'finish');
    if (plan.onFailure === 'compensate' && this.hasUndo) {
      this.lines.push('  failed([run fails]) -.->|undo newest first| undos');
      this.lines.push('  undos[["compensation: undo the steps above, newest first"]]');
    }
    this.lines.push('  classDef approval fill:#fff4d6,stroke:#c90');
    this.lines.push('  classDef undo fill:#fde8e8,stroke:#c33,stroke-dasharray: 4 2');
    this.lines.push('  classDef condition fill:#eef,stroke:#66c');
    return `${this.lines.join('\n')}\n`;
  }

  private hasUndo = false;

  /** Steps in order: each step's exits lead to the next step's entry. */
  private sequence(steps: PlanStep[], indent: string): Fragment {
    let entry: string | undefined;
    let pending: Exit[] = [];
    for (const step of steps) {
      const f = this.step(step, indent);
      entry ??= f.entry;
      for (const e of pending) this.edge(e, f.entry, indent);
      pending = f.exits;
    }
    if (entry === undefined) {
      const id = this.fresh('empty');
      this.node(id, 'circle', ' ', indent);
      return { entry: id, exits: [{ from: id }] };
    }
    return { entry, exits: pending };
  }

  private step(step: PlanStep, indent: string): Fragment {
    const body = this.stepBody(step, indent);
    let fragment = body;
    if (step.if) {
      const cond = `c_${step.id}`;
      this.node(cond, 'diamond', `if ${step.if.source}`, indent);
      this.lines.push(`${indent}class ${cond} condition`);
      this.edge({ from: cond, label: 'yes' }, body.entry, indent);
      fragment = { entry: cond, exits: [...body.exits, { from: cond, label: 'no: skipped' }] };
    }
    if (step.onError.kind === 'steps') {
      const recovery = this.sequence(step.onError.steps, indent);
      this.lines.push(`${indent}${nodeId(step)} -.->|on error| ${recovery.entry}`);
      fragment = { entry: fragment.entry, exits: [...fragment.exits, ...recovery.exits] };
    } else if (step.onError.kind === 'continue') {
      fragment = {
        entry: fragment.entry,
        exits: fragment.exits.map((e) => (e.from === nodeId(step) ? { ...e, label: 'done or failed' } : e)),
      };
    }
    return fragment;
  }

  private stepBody(step: PlanStep, indent: string): Fragment {
    const id = nodeId(step);
    const title = step.name ?? step.id;
    switch (step.kind) {
      case 'action': {
        this.node(id, 'box', `${title}\n${step.action}`, indent);
        if (step.compensate) {
          this.hasUndo = true;
          const undo = `u_${step.id}`;
          this.node(undo, 'box', `undo: ${step.compensate.action}`, indent);
          this.lines.push(`${indent}class ${undo} undo`);
          this.lines.push(`${indent}${id} -.->|compensate| ${undo}`);
        }
        return { entry: id, exits: [{ from: id }] };
      }
      case 'approval': {
        const escalate = step.onTimeout.escalate;
        this.node(
          id,
          'hexagon',
          `approval: ${title}\n${describeValue(step.approvers)} · ${formatDuration(step.timeoutMs)}`,
          indent,
        );
        this.lines.push(`${indent}class ${id} approval`);
        const exits: Exit[] = [{ from: id, label: 'approved / rejected' }];
        if (escalate) {
          const esc = `e_${step.id}`;
          this.node(
            esc,
            'hexagon',
            `escalate to ${describeValue(escalate.approvers)} · ${formatDuration(escalate.timeoutMs)}`,
            indent,
          );
          this.lines.push(`${indent}class ${esc} approval`);
          this.edge({ from: id, label: 'timeout' }, esc, indent);
          exits.push({
            from: esc,
            label: step.onTimeout.then === 'fail' ? 'decided (timeout: fail)' : 'decided / timeout: reject',
          });
        } else {
          exits.push({
            from: id,
            label: step.onTimeout.then === 'fail' ? 'timeout: fail' : 'timeout: reject',
          });
        }
        return { entry: id, exits: step.onTimeout.then === 'fail' && !escalate ? [exits[0] as Exit] : exits };
      }
      case 'parallel': {
        const fork = id;
        const join = `j_${step.id}`;
        this.node(fork, 'circle', `${title}: parallel`, indent);
        step.branches.forEach((branch, i) => {
          const name = step.branchNames?.[i] ?? `branch ${i + 1}`;
          this.lines.push(`${indent}subgraph ${this.fresh(`b_${step.id}`)}["${esc(name)}"]`);
          const f = this.sequence(branch, `${indent}  `);
          this.lines.push(`${indent}end`);
          this.edge({ from: fork }, f.entry, indent);
          for (const e of f.exits) this.edge(e, join, indent);
        });
        this.node(join, 'circle', 'all done', indent);
        return { entry: fork, exits: [{ from: join }] };
      }
      case 'forEach': {
        const head = id;
        this.node(
          head,
          'trapezoid',
          `${title}: for each ${step.as} in ${describeValue(step.items)}\n${step.concurrency} at a time`,
          indent,
        );
        this.lines.push(`${indent}subgraph ${this.fresh(`l_${step.id}`)}["each ${esc(step.as)}"]`);
        const f = this.sequence(step.steps, `${indent}  `);
        this.lines.push(`${indent}end`);
        this.edge({ from: head }, f.entry, indent);
        for (const e of f.exits) this.edge({ ...e, label: 'next item' }, head, indent);
        return { entry: head, exits: [{ from: head, label: 'all items done' }] };
      }
      case 'wait':
        this.node(
          id,
          'stadium',
          `${title}: wait ${step.forMs !== undefined ? formatDuration(step.forMs) : `until ${describeValue(step.until)}`}`,
          indent,
        );
        return { entry: id, exits: [{ from: id }] };
      case 'playbook':
        this.node(id, 'subroutine', `${title}\nplaybook ${step.playbook}`, indent);
        return { entry: id, exits: [{ from: id }] };
      case 'set':
        this.node(id, 'parallelogram', `${title}: set ${Object.keys(step.vars).join(', ')}`, indent);
        return { entry: id, exits: [{ from: id }] };
      case 'fail':
        this.node(id, 'flag', `${title}: fail`, indent);
        return { entry: id, exits: [] };
    }
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  private node(id: string, shape: Shape, label: string, indent = '  '): void {
    const [open, close] = SHAPES[shape];
    this.lines.push(`${indent}${id}${open}"${esc(label)}"${close}`);
  }

  private edge(from: Exit, to: string, indent = '  '): void {
    this.lines.push(
      from.label ? `${indent}${from.from} -->|${esc(from.label)}| ${to}` : `${indent}${from.from} --> ${to}`,
    );
  }
}

type Shape =
  | 'box'
  | 'stadium'
  | 'diamond'
  | 'hexagon'
  | 'circle'
  | 'trapezoid'
  | 'subroutine'
  | 'parallelogram'
  | 'flag';
const SHAPES: Record<Shape, [string, string]> = {
  box: ['[', ']'],
  stadium: ['([', '])'],
  diamond: ['{', '}'],
  hexagon: ['{{', '}}'],
  circle: ['((', '))'],
  trapezoid: ['[/', '\\]'],
  subroutine: ['[[', ']]'],
  parallelogram: ['[/', '/]'],
  flag: ['>', ']'],
};

function nodeId(step: PlanStep): string {
  return `s_${step.id}`;
}

/** A short text for a value: literals as they are, expressions as written. */
function describeValue(v: PlanValue | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'literal':
      return Array.isArray(v.value) ? v.value.map(String).join(', ') : JSON.stringify(v.value);
    case 'expr':
      return v.source;
    case 'template':
      return v.parts.map((p) => (typeof p === 'string' ? p : `{${p.source}}`)).join('');
    case 'list':
      return v.items.map(describeValue).join(', ');
    case 'map':
      return Object.keys(v.entries).join(', ');
  }
}

/** Mermaid labels in quotes: entity codes for what would end or confuse them; long text shortened. */
function esc(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  return short
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/\n/g, '<br/>');
}
