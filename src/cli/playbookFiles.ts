// Reading playbooks from disk for the commands; the compiler itself never touches files. Child playbooks
// (`playbook: <name>`) are found next to the file that names them, as `<name>.yaml` or `<name>.yml`.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import {
  compilePlaybook,
  formatDiagnostic,
  type CompileOptions,
  type CompileResult,
  type Plan,
} from '../dsl/index.js';
import { guardrailsFileFromEnv, readGuardrailsFile } from '../config/guardrails.js';
import { GuardrailsFileError } from '../guardrails/configFile.js';
import type { GlobalGuardrails } from '../guardrails/policy.js';
import { UserError } from './exitCodes.js';

const PLAYBOOK_EXTENSIONS = ['.yaml', '.yml'];

/** Expands directories (recursively) into their .yaml/.yml files, in a stable order. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new UserError(`${p}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      out.push(
        ...entries
          .filter((e) => e.isFile() && PLAYBOOK_EXTENSIONS.includes(extname(e.name)))
          .map((e) => join(e.parentPath, e.name))
          .sort(),
      );
    } else out.push(p);
  }
  return out;
}

/** A path as messages show it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Resolves child playbooks against the files next to the playbook that names them. */
export const siblingResolver: CompileOptions = {
  resolvePlaybook(name, from) {
    for (const ext of PLAYBOOK_EXTENSIONS) {
      const file = join(dirname(from), `${name}${ext}`);
      try {
        return { text: readFileSync(file, 'utf8'), file: displayPath(file) };
      } catch {
        // not this extension; try the next
      }
    }
    return undefined;
  },
  listPlaybooks(from) {
    try {
      return readdirSync(dirname(from))
        .filter((f) => PLAYBOOK_EXTENSIONS.includes(extname(f)))
        .map((f) => basename(f, extname(f)));
    } catch {
      return [];
    }
  },
};

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
