// Timing helpers shared by the benchmarks: warm up, then report the median of several rounds (robust to a
// GC pause or a noisy neighbour), with the machine printed once.
import { cpus, totalmem } from 'node:os';

export function machine(): string {
  return `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

/** Median milliseconds per call of `fn` over `rounds` rounds of `iterations` calls, after a warm-up. */
export function measure(label: string, iterations: number, fn: () => void, rounds = 7): number {
  for (let i = 0; i < Math.min(20, iterations); i++) fn();
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    perRound.push(Number(process.hrtime.bigint() - start) / 1e6 / iterations);
  }
  perRound.sort((a, b) => a - b);
  const median = perRound[Math.floor(rounds / 2)] ?? NaN;
  console.log(
    `${label.padEnd(58)} ${median.toFixed(3).padStart(9)} ms/op  (median of ${rounds} × ${iterations})`,
  );
  return median;
}
