// A compile problem, pointed at by file, line and column, with a stable code for tools and tests.

export type DiagnosticCode =
  | 'yaml.syntax'
  | 'yaml.empty'
  | 'yaml.tooLarge'
  | 'yaml.aliases'
  | 'yaml.multipleDocuments'
  | 'schema.type'
  | 'schema.required'
  | 'schema.unknownKey'
  | 'schema.enum'
  | 'schema.value'
  | 'step.duplicateId'
  | 'step.kind'
  | 'action.unknown'
  | 'action.arguments'
  | 'expr.syntax'
  | 'expr.unknownName'
  | 'expr.forwardReference'
  | 'expr.unknownStep'
  | 'duration.invalid'
  | 'approval.approvers';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  /** JSON-pointer-like path into the document, e.g. `/steps/2/with/groupId`. */
  path: string;
  hint?: string;
}

/** `file:line:col: error[code]: message` then the hint, like a compiler. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Nearest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
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
