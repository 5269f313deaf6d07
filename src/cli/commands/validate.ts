import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ExitCode, UserError } from '../../common/errors.js';
import { displayPath, expandPaths } from '../../common/files.js';
import { formatDiagnosticWithExcerpt } from '../../dsl/diagnostics.js';
import { useGuardrailsFile } from '../../guardrails/configEnv.js';
import { recognise, unknownKind, type DocumentDiagnostic, type KindCheck } from '../documentKinds.js';
import { excerpt } from '../sourceExcerpt.js';

interface FileReport {
  file: string;
  /** The document's kind (`Playbook`, `ComplianceRules`, `Schedules`, `Guardrails`, `ServerConfig`). */
  kind?: string;
  ok: boolean;
  /** What a valid file holds, for the `ok` line: a playbook's name, how many rules or schedules. */
  summary?: string;
  plan?: { name: string; hash: string };
  diagnostics: DocumentDiagnostic[];
  /** Set when idflow itself failed on this file (a bug): exit code 1. */
  internalError?: string;
}

/** One file: read, recognised by its kind, checked by that kind's checker. */
async function validateFile(path: string): Promise<FileReport> {
  const file = displayPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const found = recognise(text);
  if ('unknown' in found)
    return { file, ok: false, diagnostics: [unknownKind(file, found.unknown, found.at)] };
  const { kind } = found;
  let result: KindCheck;
  try {
    result = await kind.check(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // A bug in a checker must not hide the other files' results.
    return { file, kind: kind.kind, ok: false, diagnostics: [], internalError: String(err) };
  }
  // In the order of the file (a schedule's rules files' problems after its own), whatever the checker's.
  const order = (d: DocumentDiagnostic): [number, number, number] => [
    d.file === file ? 0 : 1,
    d.line,
    d.column,
  ];
  const diagnostics = result.diagnostics.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return {
    file,
    kind: kind.kind,
    ok: result.ok,
    ...(result.plan ? { plan: result.plan } : {}),
    ...(result.summary ? { summary: result.summary } : {}),
    diagnostics,
  };
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Check idflow documents without running them — playbooks, compliance rules, schedules, the guardrails file, the server config, each by its `kind:`; every problem is reported with file:line:column.',
    )
    .argument('<paths...>', 'files or directories (searched for .yaml/.yml)')
    .option('--json', 'print a JSON report instead of compiler-style text')
    .option('--guardrails <file>', "the operator's guardrails file (default: IDFLOW_GUARDRAILS_FILE)")
    .addHelpText(
      'after',
      '\nExit codes: 0 all valid, 2 some document has errors, 1 internal error.\n\nExample:\n  idflow validate examples/',
    )
    .action(async (paths: string[], opts: { json?: boolean; guardrails?: string }) => {
      useGuardrailsFile(opts.guardrails);
      const files = await expandPaths(paths);
      const report: FileReport[] = [];
      for (const file of files) report.push(await validateFile(file));
      const failed = report.filter((r) => !r.ok);
      const internal = report.some((r) => r.internalError !== undefined);
      if (opts.json) {
        console.log(JSON.stringify({ ok: failed.length === 0, files: report }, null, 2));
      } else {
        for (const r of report) {
          if (r.ok) console.log(`ok   ${r.file} (${r.summary ?? r.kind ?? ''})`);
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
            ? `${report.length} file(s) valid`
            : `${problems} problem(s) in ${failed.length} of ${report.length} file(s)`,
        );
      }
      process.exitCode = internal ? ExitCode.internal : failed.length === 0 ? ExitCode.ok : ExitCode.invalid;
    });
}
