// Finding and reading idflow's documents on disk, for every process that reads them (CLI, server, sync
// config); the compiler itself never touches files. Child playbooks (`playbook: <name>`) are found next to
// the file that names them, as `<name>.yaml` or `<name>.yml`.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { UserError } from './errors.js';

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
      // Every kind of idflow document: `idflow validate` tells them apart by their `kind:`.
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

/** A document's text, or a UserError naming the file and why it cannot be read. */
export async function readDocument(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** A path as messages show it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * Where the compiler finds child playbooks (the resolver half of its CompileOptions, which this neutral
 * module cannot import; TypeScript checks the two agree where they meet).
 */
export interface PlaybookResolver {
  resolvePlaybook(name: string, from: string): { text: string; file: string } | undefined;
  listPlaybooks(from: string): string[];
}

/** Resolves child playbooks against the files next to the playbook that names them. */
export const siblingResolver: PlaybookResolver = {
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
