// One CEL environment: playbooks, webhook mappings and the rules' finding templates mean the same thing by
// the same expression, because they share expr's environment (options, limits, operators) and evaluator;
// each sees only the names of its own scope. Pure: no Temporal.
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../src/common/yaml.js';
import { celEnvironment, MAPPING_SCOPE, mappingEnvironment } from '../../src/expr/cel.js';
import { evaluateExpr, ExpressionError, type Scope } from '../../src/expr/evaluate.js';
import { evaluateMapped, MappingCompiler, type MappedValue } from '../../src/server/mapping.js';
import { renderTemplate, type FindingScope } from '../../src/sync/templates.js';

/** Compiles `inputs:` of a one-line mapping document, failing on any problem. */
function mapping(yaml: string): MappedValue {
  const read = readYaml(yaml);
  if (!read.ok) throw new Error('not YAML');
  const compiler = new MappingCompiler(read.document);
  const value = compiler.value((read.document.value as { v: unknown }).v, ['v']);
  expect(compiler.problems).toEqual([]);
  return value;
}

describe('the one CEL environment', () => {
  it('gives a mapping the playbooks’ arithmetic: ints and doubles mix, integer division stays integral', () => {
    const event = { days: 3, ratio: 0.5 };
    const playbook: Scope = { inputs: event, steps: {}, vars: {}, trigger: null, run: null };
    for (const source of ['days * ratio + 1', 'days / 2', "string(days) + '!'", '[days, ratio].size()']) {
      const viaPlaybook = evaluateExpr(
        {
          kind: 'expr',
          source: source.replace(/\b(days|ratio)\b/g, 'inputs.$1'),
          at: { line: 1, column: 1 },
        },
        playbook,
      );
      const viaMapping = evaluateMapped(
        mapping(`v: \${{ ${source.replace(/\b(days|ratio)\b/g, 'event.$1')} }}`),
        {
          event,
          headers: {},
        },
      );
      expect(viaMapping, source).toEqual(viaPlaybook);
    }
  });

  it('declares the mapping scope, typed: headers are strings, unknown names are refused at load', () => {
    expect(MAPPING_SCOPE).toEqual(['event', 'headers', 'item']);
    expect(mappingEnvironment.parse("headers['x-id'] + '/' + event.id").check().valid).toBe(true);
    expect(mappingEnvironment.parse("headers['x-id'] + 1").check().valid).toBe(false);
    expect(mappingEnvironment.parse('evnt.id').check().valid).toBe(false);
    // Playbooks check their names in the compiler (a forEach item goes by its own name), not here.
    expect(celEnvironment.parse('member.email').check().valid).toBe(true);
  });

  it('fails a mapping on an event the way a playbook expression fails: an ExpressionError with its place', () => {
    const value = mapping('v: ${{ event.missing.deeper }}');
    expect(() => evaluateMapped(value, { event: {}, headers: {} })).toThrow(ExpressionError);
  });

  it('evaluates a rule’s finding template with the same evaluator (whole values keep their type)', () => {
    const scope: FindingScope = {
      finding: { rule: 'r', subject: { type: 'user', id: 'u1', name: 'ana' }, evidence: { groups: 2 } },
      subject: { type: 'user', id: 'u1', name: 'ana', email: 'ana@example.com' },
      rule: { id: 'r', title: 'R', severity: 'high' },
      snapshot: { id: 's', startedAt: '2025-01-01T00:00:00.000Z', date: '2025-01-01' },
    };
    expect(renderTemplate('${{ finding.evidence.groups * 1.5 }}', scope)).toBe(3);
    expect(renderTemplate('${{ rule.id }}:${{ subject.id }}', scope)).toBe('r:u1');
  });
});
