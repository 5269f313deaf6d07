// CEL (@marcbachmann/cel-js) against JSONata for playbook expressions: parse speed, evaluation speed,
// bundle size in the workflow sandbox, and what an author sees for a mistake. The decision and these
// figures are in docs/playbook-language.md.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import jsonata from 'jsonata';
import { celEnvironment } from '../src/expr/cel.js';
import { toCel } from '../src/expr/values.js';
import { measure } from './measure.js';

/** The same expressions in both languages, as playbooks write them. */
const PAIRS: [cel: string, jsonata: string][] = [
  ['steps.user.output.email', 'steps.user.output.email'],
  ["steps.grant.status == 'succeeded'", "steps.grant.status = 'succeeded'"],
  [
    'steps.approval.output.approved && !vars.alreadyMember',
    'steps.approval.output.approved and $not(vars.alreadyMember)',
  ],
  [
    "steps.user.output.manager != null ? [steps.user.output.manager.email] : ['group:IT Admins']",
    "steps.user.output.manager != null ? [steps.user.output.manager.email] : ['group:IT Admins']",
  ],
  ['inputs.days + 1', 'inputs.days + 1'],
  [
    "steps.groups.output.names.filter(g, !(g in vars.keep)).map(g, g + '!')",
    "$map(steps.groups.output.names[$not($ in $$.vars.keep)], function($g) { $g & '!' })",
  ],
  ['size(inputs.keepGroups) > 0', '$count(inputs.keepGroups) > 0'],
];

const CONTEXT = {
  inputs: { days: 3, keepGroups: ['a'] },
  steps: {
    user: { status: 'succeeded', output: { email: 'ana@example.com', manager: { email: 'bo@example.com' } } },
    grant: { status: 'succeeded', output: {} },
    approval: { status: 'succeeded', output: { approved: true } },
    groups: { status: 'succeeded', output: { names: ['a', 'b', 'c'] } },
  },
  vars: { alreadyMember: false, keep: ['a'] },
};

const MISTAKES: [cel: string, jsonata: string][] = [
  ['steps.user.output.email +* 1', 'steps.user.output.email +* 1'],
  ['(inputs.days > 1', '(inputs.days > 1'],
  ["'unterminated", "'unterminated"],
];

async function bundleSize(entry: string): Promise<{ min: number; gzip: number }> {
  const out = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser', // like the workflow sandbox: no Node built-ins
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gzip: gzipSync(code).length };
}

export async function runExpressionsBench(): Promise<void> {
  console.log('\n## expressions: CEL (@marcbachmann/cel-js) vs JSONata');
  let n = 0;
  // Each text is new (a counter in it), so no parse cache of either library can answer.
  measure('CEL parse (7 playbook expressions, each text new)', 200, () => {
    for (const [cel] of PAIRS) celEnvironment.parse(`(${cel}) == (${n++} > 0)`);
  });
  measure('JSONata parse (same expressions)', 200, () => {
    for (const [, j] of PAIRS) jsonata(`(${j}) = (${n++} > 0)`);
  });

  const cel = PAIRS.map(([c]) => celEnvironment.parse(c));
  const ctx = toCel(CONTEXT) as Record<string, unknown>;
  measure('CEL evaluate (7 expressions, synchronous)', 2000, () => {
    for (const f of cel) f(ctx);
  });
  const js = PAIRS.map(([, j]) => jsonata(j));
  const start = process.hrtime.bigint();
  const rounds = 2000;
  for (let i = 0; i < rounds; i++) for (const f of js) await f.evaluate(CONTEXT);
  const perOp = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  console.log(
    `${'JSONata evaluate (same; returns a Promise)'.padEnd(58)} ${perOp.toFixed(3).padStart(9)} ms/op  (${rounds})`,
  );

  const celSize = await bundleSize("export { Environment } from '@marcbachmann/cel-js';");
  const jsonataSize = await bundleSize("export { default } from 'jsonata';");
  console.log(
    `bundle (esbuild, minified / gzip): CEL ${kb(celSize.min)} / ${kb(celSize.gzip)}, JSONata ${kb(jsonataSize.min)} / ${kb(jsonataSize.gzip)}`,
  );

  console.log('error messages for the same mistakes:');
  for (const [c, j] of MISTAKES) {
    let celMsg = '';
    try {
      celEnvironment.parse(c);
    } catch (err) {
      const e = err as { summary?: string; range?: { start: number } };
      celMsg = `${e.summary ?? String(err)} (at ${e.range?.start ?? '?'})`;
    }
    let jMsg = '';
    try {
      jsonata(j);
    } catch (err) {
      const e = err as { message?: string; position?: number; code?: string };
      jMsg = `${e.code ?? ''} ${e.message ?? String(err)} (at ${e.position ?? '?'})`;
    }
    console.log(`  ${c}\n    CEL:     ${celMsg}\n    JSONata: ${jMsg}`);
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
