// The layer rules of eslint.config.js, shown to fire: an import cycle and an import that runs up the layers
// each fail lint with the right rule, and the tree itself has neither. Runs ESLint's Node API on the real
// config with only the layer rules switched on (type-aware rules off), so it needs no Temporal and no
// type-checker program and takes seconds.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers from '../../layers.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../..');
const LAYER_RULES = new Set(['import-x/no-cycle', 'import-x/no-restricted-paths']);

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    // The other rules are filtered out, so their disable comments would look unused.
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ],
  ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
});

const rulesOf = (results: ESLint.LintResult[]): (string | null)[] =>
  results.flatMap((r) => r.messages.map((m) => m.ruleId));

/** Lints `code` as if it were the file `path` (relative to the repository) and returns the rules that fired. */
async function lintAs(path: string, code: string): Promise<(string | null)[]> {
  return rulesOf(await eslint.lintText(code, { filePath: join(ROOT, path) }));
}

describe('the layer rules', () => {
  it('refuse an import from server/ into dsl/ (value or type)', async () => {
    expect(await lintAs('src/dsl/probe.ts', "export { runServer } from '../server/run.js';\n")).toEqual([
      'import-x/no-restricted-paths',
    ]);
    expect(
      await lintAs(
        'src/dsl/probe.ts',
        "import type { ServerConfig } from '../server/config.js';\nexport type X = ServerConfig;\n",
      ),
    ).toEqual(['import-x/no-restricted-paths']);
  });

  it('refuse a sideways import at equal rank (server ↛ worker) and allow one down (dsl → expr)', async () => {
    expect(await lintAs('src/server/probe.ts', "export { runWorker } from '../worker/run.js';\n")).toEqual([
      'import-x/no-restricted-paths',
    ]);
    expect(await lintAs('src/dsl/probe.ts', "export { celEnvironment } from '../expr/cel.js';\n")).toEqual(
      [],
    );
  });

  it('have a zone for every folder that has anything above it', async () => {
    // The top-ranked folder may import anything; every other folder is refused the one above it.
    const byRank = [...layers.layers].sort((a, b) => a.rank - b.rank);
    const top = byRank.at(-1);
    for (const layer of byRank.filter((l) => l.rank < (top?.rank ?? 0))) {
      const above = byRank.find((l) => l.rank > layer.rank);
      if (!above) continue;
      // A real file: an import that does not resolve is another rule's business.
      const file = readdirSync(join(ROOT, 'src', above.folder)).find((f) => f.endsWith('.ts'));
      const target = `../${above.folder}/${file?.replace(/\.ts$/, '.js')}`;
      const fired = await lintAs(`src/${layer.folder}/probe.ts`, `export * from '${target}';\n`);
      expect(fired, `${layer.folder} → ${above.folder}`).toContain('import-x/no-restricted-paths');
    }
  });

  it('refuse an import cycle', async () => {
    // Cycles are found by following imports on disk, so the probe is two real files, removed afterwards.
    const dir = join(ROOT, 'src', 'dsl', `lint-probe-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(
        join(dir, 'a.ts'),
        "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      );
      writeFileSync(
        join(dir, 'b.ts'),
        "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
      );
      const results = await eslint.lintFiles([join(dir, 'a.ts'), join(dir, 'b.ts')]);
      expect(rulesOf(results)).toEqual(['import-x/no-cycle', 'import-x/no-cycle']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
