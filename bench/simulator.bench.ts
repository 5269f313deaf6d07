// The simulator's generated directories: how long a large seeded directory takes to build (target: well
// under a second per thousand users). test/simulator/syncSources.test.ts checks what it holds.
import { seedDirectory } from '../src/simulator/seed.js';
import { measure } from './measure.js';

export function runSimulatorBench(): void {
  console.log('\n## simulator');
  for (const users of [1_000, 10_000]) {
    const shape = { users, groups: users / 25, devices: (users * 2) / 5 };
    measure(
      `seed a directory of ${users} users, ${shape.groups} groups, ${shape.devices} devices`,
      1,
      () => void seedDirectory({ seed: 2, ...shape }),
      5,
    );
  }
}
