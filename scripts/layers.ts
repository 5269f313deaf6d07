// The layers of src/ (layers.json) as a README table, and as counts anyone can re-run (`npm run layers`):
// folders under src/, imports that run up the layers (or sideways at equal rank), and import cycles. The
// lint rules enforce the same table; this prints the figures and names each offender, suppressed or not.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import layers from '../layers.json' with { type: 'json' };

export type Layer = (typeof layers.layers)[number];
export const LAYERS: readonly Layer[] = layers.layers;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** README's "What is here" table for src/, in rank order. */
export function layersMarkdownTable(): string {
  const rows = [...LAYERS]
    .sort((a, b) => a.rank - b.rank)
    .map((l) => `| ${l.rank} | \`${l.folder}/\` | ${l.job.replaceAll('|', '\\|')} |`);
  return ['| rank | folder | job |', '| ---: | --- | --- |', ...rows].join('\n');
}

/** The top-level folders under src/. */
export function srcFolders(root = ROOT): string[] {
  return readdirSync(join(root, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

interface Edge {
  from: string;
  to: string;
  /** `import type` / `export type`, or every named binding type-only: erased when compiled. */
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every relative import among the files of src/ (static, re-exports and dynamic `import()`). */
export function importGraph(root = ROOT): { files: string[]; edges: Edge[] } {
  const src = join(root, 'src');
  const files = tsFiles(src).map((f) => relative(src, f));
  const known = new Set(files);
  const edges: Edge[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(src, file), 'utf8'), ts.ScriptTarget.Latest);
    const add = (specifier: string, typeOnly: boolean): void => {
      if (!specifier.startsWith('.')) return;
      const to = join(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (known.has(to)) edges.push({ from: file, to, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        const allTypes =
          !!clause &&
          (clause.isTypeOnly ||
            (!clause.name &&
              !!named &&
              ts.isNamedImports(named) &&
              named.elements.length > 0 &&
              named.elements.every((e) => e.isTypeOnly)));
        add(node.moduleSpecifier.text, allTypes);
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text, node.isTypeOnly);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text, false);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { files, edges };
}

const folderOf = (file: string): string => file.split('/')[0] ?? file;

/** Imports from one folder into another of the same or a higher rank (or into a folder with no rank). */
export function upwardImports(edges: readonly Edge[]): Edge[] {
  const rank = new Map(LAYERS.map((l) => [l.folder, l.rank]));
  return edges.filter((e) => {
    const from = folderOf(e.from);
    const to = folderOf(e.to);
    if (from === to) return false;
    const a = rank.get(from);
    const b = rank.get(to);
    return a === undefined || b === undefined || b >= a;
  });
}

/** Strongly connected components of more than one file (Tarjan's algorithm): each one is a cycle. */
export function cycles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w !== undefined && w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return found;
}

function main(): void {
  const folders = srcFolders();
  const { files, edges } = importGraph();
  const up = upwardImports(edges);
  const valueCycles = cycles(
    files,
    edges.filter((e) => !e.typeOnly),
  );
  const allCycles = cycles(files, edges);
  console.log(`folders under src/: ${folders.length}`);
  console.log(`imports running up the layers: ${up.length}`);
  for (const e of up) console.log(`  src/${e.from} → src/${e.to}${e.typeOnly ? ' (type only)' : ''}`);
  console.log(`import cycles: ${valueCycles.length} (${allCycles.length} counting type-only imports)`);
  for (const c of allCycles) console.log(`  ${c.map((f) => `src/${f}`).join(' ⇄ ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
