// Where the operator's guardrails file is, for every process that compiles playbooks (worker, CLI, server).
import { readFile } from 'node:fs/promises';
import { GuardrailsFileError, parseGuardrailsFile } from './configFile.js';
import type { GlobalGuardrails } from './policy.js';
import { envValue } from '../common/env.js';
import { UserError } from '../common/errors.js';

export function guardrailsFileFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return envValue(env, 'IDFLOW_GUARDRAILS_FILE');
}

/** Reads and checks a guardrails file; the error names the file and every problem. */
export async function readGuardrailsFile(path: string): Promise<GlobalGuardrails> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new GuardrailsFileError(path, [
      {
        code: 'file.read',
        message: `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        path: '',
      },
    ]);
  }
  return parseGuardrailsFile(text, path);
}

/**
 * The operator's guardrails, from `--guardrails` or IDFLOW_GUARDRAILS_FILE, so that `validate` refuses a
 * literal denied group the way the worker would at run time (the CLI and the server compile with them).
 * Read once per process.
 */
let guardrailsPath: string | undefined;
let operatorGuardrailsRead: Promise<GlobalGuardrails | undefined> | undefined;

export function useGuardrailsFile(path: string | undefined): void {
  guardrailsPath = path;
  operatorGuardrailsRead = undefined;
}

// Read on first use, not when the option is parsed, so a bad file is a rejection someone awaits.
export function operatorGuardrails(): Promise<GlobalGuardrails | undefined> {
  operatorGuardrailsRead ??= (async () => {
    const file = guardrailsPath ?? guardrailsFileFromEnv();
    if (!file) return undefined;
    try {
      return await readGuardrailsFile(file);
    } catch (err) {
      if (err instanceof GuardrailsFileError) throw new UserError(`guardrails file: ${err.message}`);
      throw err;
    }
  })();
  return operatorGuardrailsRead;
}
