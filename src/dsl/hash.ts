// The Plan's content hash identifies what a run will do. Source positions and the file name are left out,
// so reformatting or commenting a playbook keeps its hash; any change in meaning changes it.
import { createHash } from 'node:crypto';

/** Canonical JSON (sorted keys). `at` is dropped only where it is a source position: on Plan nodes. */
function canonical(value: unknown, planNode: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, planNode)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const isNode = planNode && typeof (value as { kind?: unknown }).kind === 'string';
    const isLiteral = isNode && (value as { kind: string }).kind === 'literal';
    const entries = Object.entries(value)
      .filter(([k, v]) => v !== undefined && !(isNode && k === 'at'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Inside a literal, every key is the author's data.
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, planNode && !(isLiteral && k === 'value'))}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashPlan(body: object): string {
  return createHash('sha256').update(canonical(body, true)).digest('hex');
}
