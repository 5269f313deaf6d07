// The Plan's content hash identifies what a run will do. Source positions and the file name are left out,
// so reformatting or commenting a playbook keeps its hash; any change in meaning changes it.
import { createHash } from 'node:crypto';

/**
 * A copy with keys sorted and source positions dropped, for `JSON.stringify` (native, so much faster than
 * writing canonical JSON by hand). `at` is dropped only where it is a source position: on Plan nodes
 * (objects with a string `kind`), never inside a literal's author data.
 */
function canonical(value: unknown, planNode: boolean): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => canonical(v, planNode));
  const obj = value as Record<string, unknown>;
  const isNode = planNode && typeof obj.kind === 'string';
  const isLiteral = isNode && obj.kind === 'literal';
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) {
    if (isNode && k === 'at') continue;
    out[k] = canonical(obj[k], planNode && !(isLiteral && k === 'value'));
  }
  return out;
}

export function hashPlan(body: object): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(body, true)))
    .digest('hex');
}
