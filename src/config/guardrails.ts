// Where the operator's guardrails file is, for every process that compiles playbooks (worker, CLI, server).
import { readFile } from 'node:fs/promises';
import { GuardrailsFileError, parseGuardrailsFile } from '../guardrails/configFile.js';
import type { GlobalGuardrails } from '../guardrails/policy.js';
import { envValue } from './temporal.js';

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
