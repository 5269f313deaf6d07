// `npm run bench [compile|expressions|simulator|interpreter|server|guardrails|sync]…`: the benchmarks, printed with the machine.
// Figures are compared side by side within one run, never against a fixed time in a test. Without
// arguments: all of them. `interpreter`, `server` and `guardrails` start a Temporal dev server each and run in a process
// of their own (the SDK's runtime is one per process).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine } from './measure.js';

const wanted = process.argv.slice(2);
const all = wanted.length === 0;
const runs = (name: string): boolean => all || wanted.includes(name);

console.log(`machine: ${machine()}`);
if (runs('compile')) (await import('./compile.bench.js')).runCompileBench();
if (runs('expressions')) await (await import('./expressions.bench.js')).runExpressionsBench();
if (runs('simulator')) (await import('./simulator.bench.js')).runSimulatorBench();
for (const name of ['interpreter', 'server', 'guardrails', 'sync']) {
  if (!runs(name)) continue;
  console.log(`\n== ${name} ==`);
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
