// Compiling playbooks from disk for the commands, with the operator's guardrails (guardrails/configEnv.ts);
// finding and reading the files is common/files.ts.
import { compilePlaybook, formatDiagnostic, type CompileResult, type Plan } from '../dsl/index.js';
import { operatorGuardrails } from '../guardrails/configEnv.js';
import { UserError } from '../common/errors.js';
import { displayPath, readDocument, siblingResolver } from '../common/files.js';

export async function compileFile(path: string): Promise<CompileResult> {
  const text = await readDocument(path);
  const guardrails = await operatorGuardrails();
  return compilePlaybook(text, displayPath(path), {
    ...siblingResolver,
    ...(guardrails ? { guardrails } : {}),
  });
}

/** Compiles one playbook that must be valid, or throws a UserError listing every problem. */
export async function loadPlan(path: string): Promise<Plan> {
  const result = await compileFile(path);
  if (!result.ok) throw new UserError(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.plan;
}
