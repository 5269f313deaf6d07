// `${{ }}` templates in a rule's playbook mapping, evaluated per finding by expr's one environment and
// evaluator. A value that is one whole expression keeps its type (a list stays a list); anything else is
// text with the expressions' values spliced in.
import { compiledExpression, evaluateCel } from '../expr/evaluate.js';
import { splitTemplate } from '../expr/template.js';
import { toText } from '../expr/values.js';
import type { JsonValue } from '../common/json.js';

/** What a template can read. */
export interface FindingScope {
  finding: {
    rule: string;
    subject: { type: string; id: string; name: string };
    evidence: Record<string, unknown>;
  };
  subject: { type: string; id: string; name: string; email?: string; hostname?: string };
  rule: { id: string; title: string; severity: string };
  snapshot: { id: string; startedAt: string; date: string };
}

export const TEMPLATE_ROOTS = ['finding', 'subject', 'rule', 'snapshot'] as const;

function evaluate(source: string, scope: FindingScope): JsonValue {
  const roots: Record<string, unknown> = {};
  for (const root of TEMPLATE_ROOTS) roots[root] = scope[root];
  return evaluateCel(compiledExpression(source), roots);
}

/** Evaluates a template; throws with the expression in the message when it fails. */
export function renderTemplate(text: string, scope: FindingScope): JsonValue {
  const parts = splitTemplate(text);
  const only = parts.length === 1 ? parts[0] : undefined;
  const run = (source: string): JsonValue => {
    try {
      return evaluate(source, scope);
    } catch (err) {
      throw new Error(
        `\`\${{ ${source} }}\` failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
    }
  };
  if (only && 'source' in only) return run(only.source);
  return parts.map((p) => ('source' in p ? toText(run(p.source)) : p.text)).join('');
}

/** The scope of a finding, as the playbook-starting activity and the rule compiler's dry run build it. */
export function findingScope(
  rule: { id: string; title: string; severity: string },
  finding: { subjectType: string; subjectId: string; subjectName: string; evidence: Record<string, unknown> },
  snapshot: { id: string; startedAt: number },
): FindingScope {
  const subject = { type: finding.subjectType, id: finding.subjectId, name: finding.subjectName };
  const at = new Date(snapshot.startedAt).toISOString();
  return {
    finding: { rule: rule.id, subject, evidence: finding.evidence },
    subject: {
      ...subject,
      ...(finding.subjectType === 'user'
        ? { email: finding.subjectName }
        : { hostname: finding.subjectName }),
    },
    rule,
    snapshot: { id: snapshot.id, startedAt: at, date: at.slice(0, 10) },
  };
}
