// `npm run bench`: benchmarks that later issues extend (compiler scale, interpreter overhead vs. a
// hand-written workflow, approval latency, sync throughput). Figures are printed with the machine, and
// compared side by side within one run, never against a fixed time.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { compilePlaybook } from '../src/dsl/index.js';

function measure(label: string, iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const perOpMs = Number(process.hrtime.bigint() - start) / 1e6 / iterations;
  console.log(`${label.padEnd(40)} ${perOpMs.toFixed(3)} ms/op  (${iterations} ops)`);
  return perOpMs;
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
const text = readFileSync(new URL('../examples/access-request.yaml', import.meta.url), 'utf8');
measure('compile examples/access-request.yaml', 500, () => {
  if (!compilePlaybook(text, 'access-request.yaml').ok) throw new Error('example does not compile');
});
