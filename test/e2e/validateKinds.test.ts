// `idflow validate` checks every kind of idflow document by its `kind:` (or, for the guardrails file and
// the server config written without one, by its keys), each by its own loader's checks. The fixtures in
// test/fixtures/documents say what they must produce; asserted by code and line:column, never by text.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CODES, DOCUMENT_KINDS, recognise } from '../../src/cli/documentKinds.js';
import { runIdflow } from '../helpers/cli.js';

const DIR = fileURLToPath(new URL('../fixtures/documents', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface DocumentFixture {
  name: string;
  path: string;
  text: string;
  kind: string;
  expected: string[];
}

const fixtures: DocumentFixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => {
    const path = join(DIR, name);
    const text = readFileSync(path, 'utf8');
    return {
      name,
      path,
      text,
      kind: /^# kind: (\S+)$/m.exec(text)?.[1] ?? '',
      expected: [...text.matchAll(/^# expect: (\S+)(?: (\d+:\d+))?$/gm)]
        .filter((m) => m[1] !== 'ok')
        .map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`),
    };
  });

const where = (d: { code: string; line: number; column: number }): string =>
  `${d.code} ${d.line}:${d.column}`;

describe('document kinds', () => {
  it('has a valid and a broken file of every kind', () => {
    for (const { kind } of DOCUMENT_KINDS) {
      const mine = fixtures.filter((f) => f.kind === kind);
      expect(
        mine.some((f) => f.expected.length === 0),
        kind,
      ).toBe(true);
      expect(
        mine.some((f) => f.expected.length > 0),
        kind,
      ).toBe(true);
    }
  });

  it.each(fixtures.filter((f) => f.kind !== 'none').map((f) => [f.name, f] as const))(
    '%s: recognised and checked by its kind',
    async (_, f) => {
      const found = recognise(f.text);
      expect('kind' in found && found.kind.kind).toBe(f.kind);
      if (!('kind' in found)) return;
      const result = await found.kind.check(f.path);
      const got = [...result.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
      expect(got.map(where)).toEqual(f.expected);
      expect(result.ok).toBe(f.expected.length === 0);
      for (const d of got) expect(Object.keys(found.kind.codes)).toContain(d.code);
    },
  );

  it('names a kind that is none of idflow’s, where it is written', () => {
    const f = fixtures.find((x) => x.kind === 'none');
    const found = f && recognise(f.text);
    expect(found && 'unknown' in found ? [found.unknown, found.at] : undefined).toEqual([
      'Scheduls',
      { line: 4, column: 7 },
    ]);
    expect(Object.keys(DOCUMENT_CODES)).toContain(f?.expected[0]?.split(' ')[0]);
  });

  it('takes a file without `kind:` for a playbook unless its keys are those of exactly one kind', () => {
    const kindOf = (text: string): string | undefined => {
      const r = recognise(text);
      return 'kind' in r ? r.kind.kind : undefined;
    };
    expect(kindOf('name: x\nsteps: []\n')).toBe('Playbook');
    expect(kindOf('userGroups: { deny: [x] }\n')).toBe('Guardrails');
    expect(kindOf('webhooks: {}\n')).toBe('ServerConfig');
    // `playbooks` is a key of both: such a file must say what it is.
    expect(kindOf('playbooks: {}\n')).toBe('Playbook');
    // Not YAML: its `kind:` line still decides who reports the YAML problem.
    expect(kindOf('kind: ComplianceRules\nrules: [\n')).toBe('ComplianceRules');
  });
});

describe('idflow validate', () => {
  it('reports every kind in one run, as JSON with each file’s kind: exit 2', async () => {
    const r = await runIdflow(['validate', '--json', DIR], { IDFLOW_GUARDRAILS_FILE: '' });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      files: { file: string; kind?: string; ok: boolean; diagnostics: never[] }[];
    };
    expect(report.ok).toBe(false);
    const byName = new Map(report.files.map((x) => [relative(relative(ROOT, DIR), x.file), x]));
    for (const f of fixtures) {
      const got = byName.get(f.name);
      expect(got?.kind, f.name).toBe(f.kind === 'none' ? undefined : f.kind);
      expect(got?.ok, f.name).toBe(f.expected.length === 0);
      expect(got?.diagnostics.map(where), f.name).toEqual(f.expected);
    }
  });

  it('passes the valid ones, whatever their kind: exit 0', async () => {
    const valid = fixtures.filter((f) => f.expected.length === 0).map((f) => f.path);
    const r = await runIdflow(['validate', ...valid], { IDFLOW_GUARDRAILS_FILE: '' });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ok {3}/gm)).toHaveLength(valid.length);
  });
});
