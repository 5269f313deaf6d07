// Seeds the policies and their results, after the devices (seed.ts): disk-encryption policies on the Mac
// and Windows fleets (failing exactly on the unencrypted devices there) and a screen-lock policy on both
// (failing on a few percent at random). Choices come from their own PRNG stream.
import type { Directory } from './directory.js';
import type { SimSystem } from './model.js';
import type { PolicyOsFamily, SimPolicy } from './policies.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

const MINUTE_MS = 60_000;

interface PolicySpec {
  name: string;
  template: string;
  displayName: string;
  description: string;
  osMetaFamily: PolicyOsFamily;
  systemGroups: readonly string[];
  compliant: (system: SimSystem, rng: Rng) => boolean;
}

export const POLICY_FIXTURES: readonly PolicySpec[] = [
  {
    name: 'Require FileVault',
    template: 'filevault_2_darwin',
    displayName: 'FileVault 2',
    description: 'Turns on FileVault full-disk encryption and escrows the recovery key.',
    osMetaFamily: 'darwin',
    systemGroups: ['Mac Fleet'],
    compliant: (system) => system.fde.active,
  },
  {
    name: 'Require BitLocker',
    template: 'bitlocker_fde_windows',
    displayName: 'BitLocker Full Disk Encryption',
    description: 'Encrypts the system drive with BitLocker and escrows the recovery key.',
    osMetaFamily: 'windows',
    systemGroups: ['Windows Laptops'],
    compliant: (system) => system.fde.active,
  },
  {
    name: 'Lock screen after 5 minutes',
    template: 'lock_screen_universal',
    displayName: 'Lock Screen',
    description: 'Locks the screen after five minutes of inactivity.',
    osMetaFamily: 'universal',
    systemGroups: ['Mac Fleet', 'Windows Laptops'],
    compliant: (_system, rng) => rng.chance(0.97),
  },
];

export function seedPolicies(directory: Directory, options: { seed: number; now: Date; epoch: Date }): void {
  const rng = createRng(deriveSeed(options.seed, 'policies'));
  const { inventory, policies } = directory;
  POLICY_FIXTURES.forEach((spec, index) => {
    const at = new Date(options.epoch.getTime() + index * MINUTE_MS);
    const policy: SimPolicy = policies.add(
      {
        name: spec.name,
        template: {
          name: spec.template,
          displayName: spec.displayName,
          description: spec.description,
          osMetaFamily: spec.osMetaFamily,
          activation: '',
          behavior: '',
          deliveryTypes: ['agent'],
          state: '',
          alert: null,
          reference: null,
        },
      },
      at,
    );
    const seen = new Set<string>();
    for (const name of spec.systemGroups) {
      const group = inventory.systemGroupByName(name);
      if (!group) throw new Error(`unknown seed system group ${name}`);
      for (const systemId of inventory.sortedMembersOf(group.id)) {
        if (seen.has(systemId)) continue;
        seen.add(systemId);
        const system = inventory.getSystem(systemId);
        if (!system) continue;
        const success = spec.compliant(system, rng);
        const ranAt = new Date(options.now.getTime() - (60 + rng.int(7 * 24 * 60)) * MINUTE_MS);
        policies.recordResult(policy, systemId, success, ranAt, rng);
        system.isPolicyBound = true;
        const stats = system.policyStats;
        stats.total = (stats.total ?? 0) + 1;
        if (success) stats.success = (stats.success ?? 0) + 1;
        else stats.failed = (stats.failed ?? 0) + 1;
      }
    }
  });
}
