// `idflow validate | compile | graph` as a user runs them: spawned processes, exit codes, output formats.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/dsl/index.js';
import { runIdflow, type CliResult } from '../helpers/cli.js';
import { FIXTURES_DIR, loadFixtures } from '../helpers/fixtures.js';

const idflow = (...args: string[]): Promise<CliResult> => idflowWith({}, ...args);
const idflowWith = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> =>
  runIdflow(args, { IDFLOW_GUARDRAILS_FILE: '', ...env });

describe('idflow validate / compile / graph', () => {
  it('validates the examples: exit 0', async () => {
    const r = await idflow('validate', 'examples/');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ok {3}examples\//gm)).toHaveLength(6); // five playbooks and the schedules
  });

  it('reports the whole corpus as JSON with positions: exit 2, every broken file as expected', async () => {
    const r = await idflow('validate', '--json', FIXTURES_DIR);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      files: { file: string; ok: boolean; diagnostics: Diagnostic[] }[];
    };
    expect(report.ok).toBe(false);
    const byFile = new Map(report.files.map((f) => [f.file.replace(/^.*fixtures\/playbooks\//, ''), f]));
    for (const f of loadFixtures()) {
      const got = byFile.get(f.name);
      expect(got?.ok, f.name).toBe(f.valid);
      expect(
        got?.diagnostics.map(({ code, line, column }) => ({ code, line, column })),
        f.name,
      ).toEqual(f.expected);
    }
  });

  it('prints diagnostics like a compiler: file:line:col, code, the source line with a caret, a hint', async () => {
    const r = await idflow('validate', 'test/fixtures/playbooks/action-unknown-typo.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^test\/fixtures\/playbooks\/action-unknown-typo\.yaml:10:11: error\[action\.unknown\]: .*\n +10 \| +uses: jumpcloud\.user\.fnd\n +\| +\^\n +hint: did you mean `jumpcloud\.user\.find`\?/m,
    );
  });

  it('compiles a playbook to its Plan, and refuses a broken one with exit 2', async () => {
    const ok = await idflow('compile', 'examples/access-request.yaml');
    expect(ok.code).toBe(0);
    const plan = JSON.parse(ok.stdout) as { formatVersion: number; name: string; hash: string };
    expect([plan.formatVersion, plan.name]).toEqual([1, 'access-request']);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    const bad = await idflow('compile', 'test/fixtures/playbooks/dup-id-top.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error\[step\.duplicateId\]/);
  });

  it('draws a playbook as a Mermaid flowchart', async () => {
    const r = await idflow('graph', 'examples/offboarding.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart TD\n/);
  });

  it('exits 2 on a path that does not exist', async () => {
    const r = await idflow('validate', 'no/such/dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory/);
  });

  describe("the operator's guardrails file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'idflow-guardrails-'));
    const playbook = 'test/fixtures/guardrails/contractors.yaml';
    const denying = join(dir, 'guardrails.yaml');
    writeFileSync(denying, 'userGroups:\n  deny: [Contractors]\n');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'userGroups:\n  deny: Contractors\n');

    it('is what `validate` checks against: the denied group fails at its line, exit 2', async () => {
      expect((await idflow('validate', playbook)).code).toBe(0);
      for (const r of [
        await idflow('validate', '--json', '--guardrails', denying, playbook),
        await idflowWith({ IDFLOW_GUARDRAILS_FILE: denying }, 'validate', '--json', playbook),
      ]) {
        expect(r.code).toBe(2);
        const report = JSON.parse(r.stdout) as { files: { diagnostics: Diagnostic[] }[] };
        expect(report.files[0]?.diagnostics.map(({ code, line }) => ({ code, line }))).toEqual([
          { code: 'guardrail.group', line: 17 },
        ]);
      }
    });

    it('refuses a broken guardrails file by name, without a stack trace: exit 2', async () => {
      const r = await idflow('compile', '--guardrails', broken, playbook);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${broken}:2:9: /userGroups/deny must be array`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
