// Seeds devices, device groups, their bindings and the SSO applications, after the people (seed.ts):
// the fixtures of deviceFixtures.ts, then one laptop for most other people who have ever been active.
// Choices come from their own PRNG stream, so adding devices never changes the people.
import {
  APP_FIXTURES,
  DEVICE_FIXTURES,
  FIXTURE_DEVICE_GROUPS,
  GROUP_BINDINGS,
  GROUP_SYSTEM_BINDINGS,
  SYSTEM_GROUPS,
  type SystemGroupName,
} from './deviceFixtures.js';
import type { Directory } from './directory.js';
import { EMAIL_DOMAIN, FIXTURE_USERS, type FixtureKey } from './fixtures.js';
import type { NewSystemInput, SimSystem, SimUser } from './model.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const SUDO = { sudo: { enabled: true, withoutPassword: false } };

export interface DeviceSeedOptions {
  seed: number;
  /** "Now" for last-contact times. */
  now: Date;
  /** Creation time of the first seeded device; the rest follow a minute apart. */
  epoch: Date;
  /**
   * Exactly this many devices in all (fixtures included): laptops for a random share of the people who
   * have ever been active, then servers for the rest. @default about one laptop for 80% of those people
   */
  total?: number;
}

const AGENT_VERSIONS = ['1.158.0', '1.163.1', '1.170.0', '1.172.0'] as const;
const MAC_VERSIONS = ['13.6', '14.5', '14.6', '15.1'] as const;
const WINDOWS_VERSIONS = ['10 Pro 22H2', '11 Pro 22H2', '11 Pro 23H2', '11 Enterprise 23H2'] as const;
const LINUX_VERSIONS = ['22.04', '24.04'] as const;

function groupFor(system: SimSystem): SystemGroupName | undefined {
  if (system.osFamily === 'darwin') return 'Mac Fleet';
  if (system.osFamily === 'windows') return 'Windows Laptops';
  return undefined;
}

function serial(rng: Rng, family: NewSystemInput['osFamily']): string {
  const chars = rng.hex(12).toUpperCase();
  if (family === 'darwin') return `C02${chars.slice(0, 9)}`;
  if (family === 'windows') return chars.slice(0, 7);
  return `PF${chars.slice(0, 6)}`;
}

function network(
  rng: Rng,
  family: NewSystemInput['osFamily'],
): Pick<SimSystem, 'remoteIP' | 'networkInterfaces'> {
  const name = family === 'darwin' ? 'en0' : family === 'windows' ? 'Ethernet' : 'eth0';
  return {
    remoteIP: `203.0.113.${1 + rng.int(254)}`,
    networkInterfaces: [
      { address: `10.20.${rng.int(256)}.${1 + rng.int(254)}`, family: 'IPv4', internal: false, name },
    ],
  };
}

/** A person's random laptop: mostly recent contact, sometimes weeks or months stale. */
function randomLaptop(rng: Rng, user: SimUser, now: Date): Omit<NewSystemInput, 'hostname'> {
  const roll = rng.next();
  const osFamily = roll < 0.55 ? 'darwin' : roll < 0.9 ? 'windows' : 'linux';
  const version =
    osFamily === 'darwin'
      ? rng.pick(MAC_VERSIONS)
      : osFamily === 'windows'
        ? rng.pick(WINDOWS_VERSIONS)
        : rng.pick(LINUX_VERSIONS);
  const encrypted = rng.chance(0.9);
  const agoMs =
    user.state === 'SUSPENDED'
      ? (20 + rng.int(180)) * DAY_MS
      : rng.chance(0.1)
        ? (30 + rng.int(90)) * DAY_MS
        : rng.int(14 * 24 * 60) * MINUTE_MS;
  return {
    osFamily,
    version,
    serialNumber: serial(rng, osFamily),
    fde: { active: encrypted, keyPresent: encrypted && rng.chance(0.85) },
    agentVersion: rng.pick(AGENT_VERSIONS),
    lastContact: new Date(now.getTime() - agoMs).toISOString(),
    active: agoMs < DAY_MS,
    primarySystemUser: { id: user._id },
    ...network(rng, osFamily),
  };
}

function fixtureUser(directory: Directory, key: FixtureKey): SimUser {
  const user = directory.findUserByUsername(FIXTURE_USERS[key].username);
  if (!user) throw new Error(`fixture user ${key} missing`);
  return user;
}

export function seedDevices(directory: Directory, options: DeviceSeedOptions): void {
  const rng = createRng(deriveSeed(options.seed, 'devices'));
  const { inventory, associations } = directory;
  let minute = 0;
  const at = (): Date => new Date(options.epoch.getTime() + minute++ * MINUTE_MS);

  const systemGroups = new Map<string, string>();
  for (const name of SYSTEM_GROUPS) {
    const group = inventory.addSystemGroup(
      {
        name,
        description: `${name} (managed by IT)`,
        email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@${EMAIL_DOMAIN}`,
        membershipMethod: 'STATIC',
      },
      { at: at() },
    );
    systemGroups.set(name, group.id);
  }
  const groupId = (name: string): string => {
    const id = systemGroups.get(name);
    if (id === undefined) throw new Error(`unknown seed system group ${name}`);
    return id;
  };
  const userGroupId = (name: string): string => {
    const group = directory.groupByName(name);
    if (!group) throw new Error(`unknown seed user group ${name}`);
    return group.id;
  };
  const place = (system: SimSystem, explicit?: SystemGroupName): void => {
    const name = explicit ?? groupFor(system);
    if (name !== undefined) inventory.addMember(groupId(name), system._id);
  };

  const fixtureOwners = new Set<string>();
  for (const spec of DEVICE_FIXTURES) {
    const owner = spec.owner ? fixtureUser(directory, spec.owner) : undefined;
    if (owner) fixtureOwners.add(owner._id);
    const system = inventory.addSystem(
      {
        ...spec.system,
        hostname: spec.hostname,
        lastContact:
          spec.lastSeenAgoMs === undefined
            ? null
            : new Date(options.now.getTime() - spec.lastSeenAgoMs).toISOString(),
        active: spec.lastSeenAgoMs !== undefined && spec.lastSeenAgoMs < DAY_MS / 2,
        ...(owner ? { primarySystemUser: { id: owner._id } } : {}),
        ...network(rng, spec.system.osFamily),
      },
      { at: at() },
    );
    place(system, FIXTURE_DEVICE_GROUPS[spec.hostname]);
    if (owner && spec.direct) {
      associations.add(
        { type: 'user', id: owner._id },
        { type: 'system', id: system._id },
        spec.sudo ? SUDO : null,
      );
    }
  }
  for (const binding of GROUP_BINDINGS) {
    associations.add(
      { type: 'user_group', id: userGroupId(binding.userGroup) },
      { type: 'system_group', id: groupId(binding.systemGroup) },
      binding.sudo ? SUDO : null,
    );
  }
  for (const binding of GROUP_SYSTEM_BINDINGS) {
    const system = inventory.systemByHostname(binding.hostname);
    if (!system) throw new Error(`unknown seed system ${binding.hostname}`);
    associations.add(
      { type: 'user_group', id: userGroupId(binding.userGroup) },
      { type: 'system', id: system._id },
    );
  }

  // Everyone else who has ever been active: usually one laptop, bound to them directly.
  const taken = new Set(inventory.systems().map((s) => s.hostname));
  const eligible = directory.users().filter((user) => !fixtureOwners.has(user._id) && user.activated);
  let remaining = options.total === undefined ? Infinity : options.total - inventory.systems().length;
  const share = options.total === undefined ? 0.8 : Math.min(1, remaining / Math.max(1, eligible.length));
  for (const user of eligible) {
    if (remaining <= 0) break;
    if (!rng.chance(share)) continue;
    const input = randomLaptop(rng, user, options.now);
    const suffix = input.osFamily === 'darwin' ? 'mbp' : input.osFamily === 'windows' ? 'laptop' : 'ws';
    let hostname = `${user.username.replace(/\./g, '-')}-${suffix}`;
    for (let n = 2; taken.has(hostname); n++) hostname = `${user.username.replace(/\./g, '-')}-${suffix}${n}`;
    taken.add(hostname);
    const created = new Date(Math.max(new Date(user.created).getTime() + DAY_MS, options.epoch.getTime()));
    const system = inventory.addSystem({ ...input, hostname }, { at: created });
    place(system);
    associations.add({ type: 'user', id: user._id }, { type: 'system', id: system._id });
    remaining -= 1;
  }
  // A fixed total the people did not reach: the rest are servers, in "Servers" (reached by IT Admins).
  for (let n = 1; remaining > 0 && remaining !== Infinity; n++, remaining--) {
    const hostname = `srv-${String(n).padStart(5, '0')}`;
    const system = inventory.addSystem(
      {
        osFamily: 'linux',
        version: rng.pick(LINUX_VERSIONS),
        serialNumber: serial(rng, 'linux'),
        desktopCapable: false,
        fde: { active: false, keyPresent: false },
        agentVersion: rng.pick(AGENT_VERSIONS),
        lastContact: new Date(options.now.getTime() - rng.int(60) * MINUTE_MS).toISOString(),
        active: true,
        hostname,
        ...network(rng, 'linux'),
      },
      { at: at() },
    );
    place(system, 'Servers');
  }
}

export function seedApplications(directory: Directory, options: { epoch: Date }): void {
  APP_FIXTURES.forEach((spec, index) => {
    const app = directory.applications.add(
      {
        name: spec.name,
        displayLabel: spec.displayLabel,
        displayName: spec.displayLabel,
        description: spec.description,
        active: spec.active ?? true,
        config: {
          acsUrl: {
            label: 'ACS URL',
            type: 'text',
            value: `https://${spec.name}.example.net/saml/acs`,
            visible: true,
          },
          spEntityId: {
            label: 'SP Entity ID',
            type: 'text',
            value: `https://${spec.name}.example.net`,
            visible: true,
          },
        },
      },
      { at: new Date(options.epoch.getTime() + index * MINUTE_MS) },
    );
    const node = { type: 'application', id: app._id } as const;
    for (const name of spec.userGroups) {
      const group = directory.groupByName(name);
      if (!group) throw new Error(`unknown seed user group ${name}`);
      directory.associations.add(node, { type: 'user_group', id: group.id });
    }
    for (const key of spec.users ?? []) {
      directory.associations.add(node, { type: 'user', id: fixtureUser(directory, key)._id });
    }
  });
}
