// OS versions as JumpCloud reports them ("14.5", "11 Pro 23H2", "22.04", "10 Pro 22H2"): the leading
// dotted number is what a floor compares ("11 Pro 23H2" is 11; "22.04" is 22.4).

export function versionNumbers(version: string): number[] | undefined {
  const match = /\d+(\.\d+)*/.exec(version);
  return match ? match[0].split('.').map(Number) : undefined;
}

/** Negative when a < b, 0 when equal (missing parts are 0), positive when a > b. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
