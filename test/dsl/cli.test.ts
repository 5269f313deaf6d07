// `idflow validate | compile | graph` as a user runs them: spawned processes, exit codes, output formats.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/dsl/index.js';
import { FIXTURES_DIR, loadFixtures } from '../helpers/fixtures.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function idflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('idflow validate / compile / graph', () => {
  it('validates the examples: exit 0', async () => {
    const r = await idflow('validate', 'examples/');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ok {3}examples\//gm)).toHaveLength(5);
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
});
