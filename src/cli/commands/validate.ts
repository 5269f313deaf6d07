import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../../dsl/diagnostics.js';
import { ExitCode } from '../exitCodes.js';
import { compileFile, displayName, expandPaths } from '../playbookFiles.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check playbooks without running them; every problem is reported with file:line:column.')
    .argument('<paths...>', 'playbook files or directories (searched for .yaml/.yml)')
    .option('--json', 'print a JSON report instead of compiler-style text')
    .addHelpText(
      'after',
      '\nExit codes: 0 all valid, 2 some playbook has errors, 1 internal error.\n\nExample:\n  idflow validate examples/',
    )
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const files = await expandPaths(paths);
      const report: {
        file: string;
        ok: boolean;
        plan?: { name: string; hash: string };
        diagnostics: Diagnostic[];
      }[] = [];
      for (const file of files) {
        const result = await compileFile(file);
        report.push({
          file: displayName(file),
          ok: result.ok,
          ...(result.ok ? { plan: { name: result.plan.name, hash: result.plan.hash } } : {}),
          diagnostics: result.diagnostics,
        });
      }
      const failed = report.filter((r) => !r.ok);
      if (opts.json) {
        console.log(JSON.stringify({ ok: failed.length === 0, files: report }, null, 2));
      } else {
        for (const r of report) {
          if (r.ok) console.log(`ok   ${r.file} (${r.plan?.name ?? ''})`);
          else for (const d of r.diagnostics) console.error(formatDiagnostic(d));
        }
        const problems = failed.reduce((n, r) => n + r.diagnostics.length, 0);
        console.error(
          failed.length === 0
            ? `${report.length} playbook(s) valid`
            : `${problems} problem(s) in ${failed.length} of ${report.length} playbook(s)`,
        );
      }
      process.exitCode = failed.length === 0 ? ExitCode.ok : ExitCode.invalid;
    });
}
