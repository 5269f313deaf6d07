import type { Command } from 'commander';
import { formatDiagnosticWithExcerpt, type Diagnostic } from '../../dsl/diagnostics.js';
import { ExitCode } from '../../common/errors.js';
import { compileFile } from '../playbookFiles.js';
import { useGuardrailsFile } from '../../guardrails/configEnv.js';
import { displayName, expandPaths } from '../../common/files.js';
import { excerpt } from '../sourceExcerpt.js';

interface FileReport {
  file: string;
  ok: boolean;
  plan?: { name: string; hash: string };
  diagnostics: Diagnostic[];
  /** Set when idflow itself failed on this file (a bug): exit code 1. */
  internalError?: string;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check playbooks without running them; every problem is reported with file:line:column.')
    .argument('<paths...>', 'playbook files or directories (searched for .yaml/.yml)')
    .option('--json', 'print a JSON report instead of compiler-style text')
    .option('--guardrails <file>', "the operator's guardrails file (default: IDFLOW_GUARDRAILS_FILE)")
    .addHelpText(
      'after',
      '\nExit codes: 0 all valid, 2 some playbook has errors, 1 internal error.\n\nExample:\n  idflow validate examples/',
    )
    .action(async (paths: string[], opts: { json?: boolean; guardrails?: string }) => {
      useGuardrailsFile(opts.guardrails);
      const files = await expandPaths(paths);
      const report: FileReport[] = [];
      for (const file of files) {
        try {
          const result = await compileFile(file);
          report.push({
            file: displayName(file),
            ok: result.ok,
            ...(result.ok ? { plan: { name: result.plan.name, hash: result.plan.hash } } : {}),
            diagnostics: result.diagnostics,
          });
        } catch (err) {
          if ((err as { name?: string }).name === 'UserError') throw err;
          // A compiler bug must not hide the other files' results.
          report.push({ file: displayName(file), ok: false, diagnostics: [], internalError: String(err) });
        }
      }
      const failed = report.filter((r) => !r.ok);
      const internal = report.some((r) => r.internalError !== undefined);
      if (opts.json) {
        console.log(JSON.stringify({ ok: failed.length === 0, files: report }, null, 2));
      } else {
        for (const r of report) {
          if (r.ok) console.log(`ok   ${r.file} (${r.plan?.name ?? ''})`);
          if (r.internalError) console.error(`${r.file}: internal error: ${r.internalError}`);
          // Errors of a failed file, and warnings (a playbook with only warnings is valid) either way.
          for (const d of r.diagnostics) {
            console.error(`${formatDiagnosticWithExcerpt(d, await excerpt(d))}\n`);
          }
        }
        const problems = failed.reduce(
          (n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length,
          0,
        );
        console.error(
          failed.length === 0
            ? `${report.length} playbook(s) valid`
            : `${problems} problem(s) in ${failed.length} of ${report.length} playbook(s)`,
        );
      }
      process.exitCode = internal ? ExitCode.internal : failed.length === 0 ? ExitCode.ok : ExitCode.invalid;
    });
}
