// Tests wait on conditions, never on the clock: a sleep is too short on a busy machine and wasted on an idle
// one. `waitFor` polls (quickly at first, then backing off) until the probe returns something truthy and
// resolves with it; the deadline only turns a condition that never comes into a failure that says which.

export interface WaitForOptions {
  /** What is awaited, for the failure message. @default 'condition' */
  what?: string;
  /** @default 15000 */
  timeoutMs?: number;
  /** The longest pause between two probes (they start at 5 ms and double). @default 250 */
  maxIntervalMs?: number;
}

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (let interval = 5; ; interval = Math.min(interval * 2, options.maxIntervalMs ?? 250)) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${options.what ?? 'condition'}: not met within ${options.timeoutMs ?? 15_000} ms (last: ${String(value)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
