// Reading playbooks from disk for the commands; the compiler itself never touches files.
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { compilePlaybook, type CompileResult, type Plan } from '../dsl/index.js';
import { formatDiagnostic } from '../dsl/diagnostics.js';
import { UserError } from './exitCodes.js';

const PLAYBOOK_EXTENSIONS = new Set(['.yaml', '.yml']);

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
      const files = entries
        .filter((e) => e.isFile() && PLAYBOOK_EXTENSIONS.has(extname(e.name)))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      out.push(...files);
    } else out.push(p);
  }
  return out;
}

export function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function compileFile(path: string): Promise<CompileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return compilePlaybook(text, displayName(path));
}

/** Compiles one playbook that must be valid, or throws a UserError listing every problem. */
export async function loadPlan(path: string): Promise<Plan> {
  const result = await compileFile(path);
  if (!result.ok) throw new UserError(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.plan;
}
