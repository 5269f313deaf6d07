// The broken-playbook corpus: every class of mistake, several of each, asserted by diagnostic code and
// position (never by message text). The classes are the file-name prefixes.
import { describe, expect, it } from 'vitest';
import { siblingResolver } from '../../src/common/files.js';
import { compilePlaybook, DIAGNOSTIC_CODES, MAX_PLAYBOOK_BYTES } from '../../src/dsl/index.js';
import { examplePath } from '../helpers/playbooks.js';
import { loadFixtures } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';

const fixtures = loadFixtures();
const broken = fixtures.filter((f) => !f.valid);

function compile(text: string, file: string) {
  return compilePlaybook(text, file, siblingResolver);
}

describe('the broken-playbook corpus', () => {
  it('has at least 60 broken playbooks, each expecting diagnostics with known codes', () => {
    expect(broken.length).toBeGreaterThanOrEqual(60);
    for (const f of broken) {
      expect(f.expected.length, f.name).toBeGreaterThan(0);
    }
    for (const f of fixtures) {
      for (const e of f.expected) expect(Object.keys(DIAGNOSTIC_CODES), f.name).toContain(e.code);
    }
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, f) => {
    const result = compile(f.text, f.path);
    expect(result.ok).toBe(f.valid);
    expect(result.diagnostics.map(({ code, line, column }) => ({ code, line, column }))).toEqual(f.expected);
    for (const d of result.diagnostics) {
      expect(d.file).toBe(f.path);
      expect(d.message.length).toBeGreaterThan(0);
    }
  });

  it('covers every class of mistake', () => {
    const classes = new Set(broken.map((f) => f.name.split(/[-/]/)[0]));
    for (const c of [
      'yaml',
      'header',
      'type',
      'unknown',
      'action',
      'args',
      'ref',
      'forward',
      'scope',
      'expr',
      'exprtype',
      'dup',
      'kind',
      'duration',
      'approval',
      'compensate',
      'wait',
      'inputs',
      'children',
    ]) {
      expect(classes, c).toContain(c);
    }
  });
});

describe('hostile input', () => {
  it('refuses a 5 MB file without parsing it', () => {
    // The file ends in broken YAML: small, the same text is parsed and reports yaml.syntax; at 5 MB only
    // its size is reported. (How fast the refusal is, is `npm run bench compile`'s business.)
    const head = 'apiVersion: idflow/v1\nkind: Playbook\nname: big\nsteps:\n';
    const step = '  - id: x\n    set: { a: 1 }\n';
    const brokenTail = '  - [unclosed\n';
    expect(compile(head + step + brokenTail, 'small.yaml').diagnostics.map((d) => d.code)).toContain(
      'yaml.syntax',
    );
    const big = head + step.repeat(200_000) + brokenTail;
    expect(big.length).toBeGreaterThan(5_000_000);
    expect(big.length).toBeGreaterThan(MAX_PLAYBOOK_BYTES);
    const result = compile(big, 'big.yaml');
    expect(result.diagnostics.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: 'yaml.tooLarge', line: 1, column: 1 },
    ]);
  });

  it('refuses nesting thousands deep without overflowing the stack', () => {
    // Where the parser gives up depends on the stack size, so only the code is asserted here.
    const result = compile(`${'['.repeat(20_000)}\n`, 'deep.yaml');
    expect(result.diagnostics.map((d) => d.code)).toContain('yaml.syntax');
  });

  it('never throws, whatever is cut out of a valid playbook', () => {
    // Deterministic damage: truncations, deleted lines, swapped characters, over every example.
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const name of ['access-request', 'onboarding', 'offboarding', 'mfa-reset', 'password-reset']) {
      const text = readFileSync(examplePath(`${name}.yaml`), 'utf8');
      const lines = text.split('\n');
      for (let i = 0; i < 60; i++) {
        const variants = [
          text.slice(0, next(text.length)),
          lines.filter((_, j) => j !== next(lines.length)).join('\n'),
          text.replace(/[:\-{}[\]'"$]/g, (ch) => (next(20) === 0 ? ' ' : ch)),
        ];
        for (const v of variants) {
          const r = compile(v, `${name}.yaml`);
          for (const d of r.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
          }
        }
      }
    }
  });
});
