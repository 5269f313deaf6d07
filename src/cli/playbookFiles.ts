// Compiling playbooks from disk for the commands, with the operator's guardrails; finding and reading the
// files is common/files.ts.
import { readFile } from 'node:fs/promises';
import { compilePlaybook, formatDiagnostic, type CompileResult, type Plan } from '../dsl/index.js';
import { guardrailsFileFromEnv, readGuardrailsFile } from '../guardrails/configEnv.js';
import { GuardrailsFileError } from '../guardrails/configFile.js';
import type { GlobalGuardrails } from '../guardrails/policy.js';
import { UserError } from '../common/errors.js';
import { displayName, siblingResolver } from '../common/files.js';

/**
 * The operator's guardrails, from `--guardrails` or IDFLOW_GUARDRAILS_FILE, so that `validate` refuses a
 * literal denied group the way the worker would at run time. Read once per process.
 */
let guardrailsPath: string | undefined;
let operatorGuardrails: Promise<GlobalGuardrails | undefined> | undefined;

export function useGuardrailsFile(path: string | undefined): void {
  guardrailsPath = path;
  operatorGuardrails = undefined;
}

// Read on first use, not when the option is parsed, so a bad file is a rejection someone awaits.
function loadOperatorGuardrails(): Promise<GlobalGuardrails | undefined> {
  operatorGuardrails ??= (async () => {
    const file = guardrailsPath ?? guardrailsFileFromEnv();
    if (!file) return undefined;
    try {
      return await readGuardrailsFile(file);
    } catch (err) {
      if (err instanceof GuardrailsFileError) throw new UserError(`guardrails file: ${err.message}`);
      throw err;
    }
  })();
  return operatorGuardrails;
}

export async function compileFile(path: string): Promise<CompileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const guardrails = await loadOperatorGuardrails();
  return compilePlaybook(text, displayName(path), {
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
