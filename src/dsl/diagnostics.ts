// A compile problem, pointed at by file, line and column, with a stable code for tools and tests.
import type { SourcePos } from '../common/source.js';
import { YAML_PROBLEM_CODES } from '../common/yaml.js';

/**
 * Stable codes: tests, editors and scripts match on these, never on message text. Add codes; do not rename
 * or reuse one for a different problem.
 */
export const DIAGNOSTIC_CODES = {
  // parse (the reader's codes, shared by every idflow document)
  ...YAML_PROBLEM_CODES,
  // schema
  'schema.type': 'a value has the wrong type',
  'schema.required': 'a required key is missing',
  'schema.unknownKey': 'a key the language does not have here',
  'schema.enum': 'a value outside the allowed set',
  'schema.value': 'a value out of range or of the wrong form',
  // steps
  'step.kind': 'a step has no kind key, or more than one',
  'step.duplicateId': 'two steps share an id',
  'step.keyNotApplicable': 'a common key that this kind of step cannot take',
  'compensate.notAction': '`compensate` on a step that is not an action',
  'compensate.notInverse': '`compensate` names an action the catalog does not list as undoing the step’s',
  // actions
  'action.unknown': 'no such action in the catalog',
  'action.unknownArgument': 'the action has no such argument',
  'action.missingArgument': 'a required argument is missing',
  'action.arguments': 'an argument value does not match the action’s schema',
  // expressions
  'expr.syntax': 'an expression does not parse',
  'expr.unknownName': 'an expression names something not in scope',
  'expr.unknownStep': 'an expression names a step that does not exist',
  'expr.forwardReference': 'an expression reads a step that runs later',
  'expr.outOfScope': 'an expression reads a step or item not visible from here',
  'expr.unknownField': 'an expression reads a field the value does not have',
  'expr.type': 'an expression’s type does not fit where it is used',
  'expr.notExpression': 'a value that must be one whole `${{ }}` expression',
  'expr.maybeSkipped': 'reads the output of a step that may have been skipped',
  // durations, approvals, waits, inputs
  'duration.invalid': 'not a duration',
  'duration.range': 'a duration out of its sane range',
  'approval.approvers': 'an approval without valid approvers',
  'approval.required': 'an approval quorum that cannot be met',
  'approval.timeout': 'an approval (or its escalation) without a timeout',
  'wait.invalid': 'a wait without exactly one of `for` and `until`',
  'inputs.schema': 'an input’s schema or default is not valid',
  // child playbooks
  'playbook.unknown': 'no playbook of that name',
  'playbook.cycle': 'child playbooks call each other in a cycle',
  'playbook.invalid': 'the child playbook has errors',
  'playbook.inputs': 'the child playbook’s inputs do not match',
  // guardrails
  'guardrail.unknownAction': 'the guardrails name an action that is not in the catalog',
  'guardrail.action': 'a step uses an action the guardrails do not allow',
  'guardrail.limit': 'a cap on an action that changes nothing',
  'guardrail.raise': 'the guardrails’ `raise` names no approval step',
  'guardrail.group': 'a step changes a user group the guardrails deny',
  'guardrail.protected': 'a step changes a protected user',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document, e.g. `/steps/2/with/groupId`. */
  path: string;
  hint?: string;
}

/** `file:line:col: error[code]: message` then the hint, like a compiler. */
export function formatDiagnostic(d: Diagnostic): string {
  return formatDiagnosticWithExcerpt(d, undefined);
}

/**
 * As `formatDiagnostic`, with the source line and a caret under the column between message and hint. Any
 * document's problems print this way (their codes come from their own kind's table).
 */
export function formatDiagnosticWithExcerpt(
  d: Omit<Diagnostic, 'code'> & { code: string },
  excerpt: string | undefined,
): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}`;
  const lines = [head, ...(excerpt ? [excerpt] : []), ...(d.hint ? [`  hint: ${d.hint}`] : [])];
  return lines.join('\n');
}

export type Path = (string | number)[];

export function pointer(path: Path): string {
  return path.length === 0
    ? ''
    : '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export interface ReportOptions {
  hint?: string | undefined;
  /** Point at the key of the mapping entry at `path` rather than its value. */
  key?: boolean;
  /** An exact position (inside a string, or from the YAML parser) instead of the node's. */
  at?: SourcePos;
}

/** Where the compiler puts what it finds; `at` resolves a path to a position only when needed. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly at: (path: Path, key: boolean) => SourcePos,
  ) {}

  /**
   * Reports a problem at `path` (at its key when `key` is true, or at an exact position). The first
   * report for the same code and position wins, so overlapping checks never say the same thing twice.
   */
  error(code: DiagnosticCode, message: string, path: Path, opts: ReportOptions = {}): void {
    this.add('error', code, message, path, opts);
  }

  /** Something that is probably a mistake but may be meant; a playbook with only warnings compiles. */
  warn(code: DiagnosticCode, message: string, path: Path, opts: ReportOptions = {}): void {
    this.add('warning', code, message, path, opts);
  }

  private add(
    severity: Diagnostic['severity'],
    code: DiagnosticCode,
    message: string,
    path: Path,
    opts: ReportOptions,
  ): void {
    const pos = opts.at ?? this.at(path, opts.key ?? false);
    if (this.diagnostics.some((d) => d.code === code && d.line === pos.line && d.column === pos.column))
      return;
    this.diagnostics.push({
      code,
      severity,
      message,
      file: this.file,
      line: pos.line,
      column: pos.column,
      path: pointer(path),
      ...(opts.hint ? { hint: opts.hint } : {}),
    });
  }

  /** Errors so far (warnings do not count). */
  get count(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/** "did you mean `x`?" for the nearest candidate, or undefined when nothing is close. */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  show: (c: string) => string = (c) => c,
): string | undefined {
  const guess = closest(word, candidates);
  return guess === undefined ? undefined : `did you mean \`${show(guess)}\`?`;
}

/** Nearest candidate by edit distance (case-insensitive); undefined when nothing is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // Short words get one edit of slack (`zz` is not `a`); longer ones a third of their length (`emial`).
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export function list(names: Iterable<string>, max = 12): string {
  const all = [...names];
  const shown = all.slice(0, max).map((n) => `\`${n}\``);
  return all.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}
