// Builds the seeded directory: the same seed and user count always give the same records, ids included
// (ids come from the seeded PRNG and a fixed clock, never from Math.random or the wall clock). The
// fixture people and groups every directory has are listed in fixtures.ts; the devices, device groups and
// applications in deviceFixtures.ts (seeded by seedDevices.ts).
import type { Mfa, MfaEnrollment } from '../jumpcloud/types.js';
import { Directory } from './directory.js';
import { ObjectIdFactory } from './objectId.js';
import type { SimOrganization, SimUser, UserState } from './model.js';
import { createRng, deriveSeed, type Rng } from './prng.js';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, LOCATIONS, type DepartmentSpec } from './seedData.js';
import { NOT_ENROLLED } from './userRecord.js';
import { seedApplications, seedDevices } from './seedDevices.js';
import { seedExtraGroups } from './seedGroups.js';
import { seedPolicies } from './seedPolicies.js';
import { EMAIL_DOMAIN, EXTRA_GROUPS, FIXTURE_SPECS, usernameOf, type FixtureSpec } from './fixtures.js';

// Other modules (the demo, tests) import these from here.
export { EMAIL_DOMAIN, EXTRA_GROUPS, FIXTURE_USERS, type FixtureKey } from './fixtures.js';

export const ORGANIZATION_NAME = 'Acme Robotics';
/** Seeded people are created from here on, over at most two years (a day apart for small directories). */
export const SEED_EPOCH = new Date('2024-01-08T09:00:00.000Z');
const DAY_MS = 86_400_000;
const SEED_SPAN_MS = 730 * DAY_MS;

/** The default "now" for devices' last contact when none is given: the end of the seeded span. */
export const SEED_NOW = new Date(SEED_EPOCH.getTime() + SEED_SPAN_MS);

export interface SeedOptions {
  seed: number;
  users: number;
  orgId?: string;
  /** User groups in all (departments and fixtures included); the rest are generated. @default the fixtures */
  groups?: number;
  /** Devices in all (fixtures included). @default a laptop for about 80% of the people ever active */
  devices?: number;
  /**
   * "Now" for the devices' last-contact times (the simulator passes its clock's day, so "seen 2 h ago"
   * stays true whenever it runs). Everything else uses the fixed epoch.
   * @default SEED_NOW
   */
  now?: Date;
}

interface Person {
  first: string;
  last: string;
  department: DepartmentSpec;
  title: string;
  state: UserState;
  mfa: boolean;
  locked: boolean;
  passwordExpired: boolean;
  employeeType: string;
  isHead: boolean;
  groups: readonly string[];
}

function department(name: string): DepartmentSpec {
  const found = DEPARTMENTS.find((d) => d.name === name);
  if (!found) throw new Error(`unknown department ${name}`);
  return found;
}

function weightedDepartment(rng: Rng): DepartmentSpec {
  const total = DEPARTMENTS.reduce((sum, d) => sum + d.weight, 0);
  let roll = rng.int(total);
  for (const d of DEPARTMENTS) {
    roll -= d.weight;
    if (roll < 0) return d;
  }
  return DEPARTMENTS[0] as DepartmentSpec;
}

function randomState(rng: Rng): UserState {
  const roll = rng.next();
  return roll < 0.88 ? 'ACTIVATED' : roll < 0.94 ? 'STAGED' : 'SUSPENDED';
}

/** Who gets seeded, in creation order: fixtures, then one head per department still without one, then the rest. */
function planPeople(rng: Rng, count: number): Person[] {
  const people: Person[] = FIXTURE_SPECS.map((spec: FixtureSpec) => ({
    first: spec.first,
    last: spec.last,
    department: department(spec.department),
    title: spec.title,
    state: spec.state,
    mfa: spec.mfa,
    locked: spec.locked ?? false,
    passwordExpired: false,
    employeeType: 'Full-time',
    isHead: spec.title === department(spec.department).headTitle,
    groups: spec.groups,
  }));
  const headed = new Set(people.filter((p) => p.isHead).map((p) => p.department.name));
  const headless = DEPARTMENTS.filter((d) => !headed.has(d.name));

  while (people.length < count) {
    const head = headless.shift();
    const dept = head ?? weightedDepartment(rng);
    const state = head ? 'ACTIVATED' : randomState(rng);
    const roll = rng.next();
    people.push({
      first: rng.pick(FIRST_NAMES),
      last: rng.pick(LAST_NAMES),
      department: dept,
      title: head ? dept.headTitle : rng.pick(dept.titles),
      state,
      mfa: state !== 'STAGED' && rng.chance(0.75),
      locked: state === 'ACTIVATED' && rng.chance(0.03),
      passwordExpired: state === 'ACTIVATED' && rng.chance(0.04),
      employeeType: head ? 'Full-time' : roll < 0.08 ? 'Contractor' : roll < 0.13 ? 'Part-time' : 'Full-time',
      isHead: head !== undefined,
      groups: !head && state !== 'STAGED' && rng.chance(0.3) ? ['VPN Users'] : [],
    });
  }
  return people;
}

function enrolled(): { totp_enabled: boolean; mfa: Mfa; mfaEnrollment: MfaEnrollment } {
  return {
    totp_enabled: true,
    mfa: { configured: true, exclusion: false },
    mfaEnrollment: { ...NOT_ENROLLED, totpStatus: 'ENROLLED', overallStatus: 'ENROLLED' },
  };
}

function uniqueUsername(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`;
  taken.add(candidate);
  return candidate;
}

function organization(rng: Rng, orgId: string | undefined): SimOrganization {
  const created = new Date(SEED_EPOCH.getTime() - 365 * DAY_MS);
  // The org id is drawn even when given, so the user ids that follow do not depend on `orgId`.
  const drawn = new ObjectIdFactory(rng).next(created);
  return {
    _id: orgId ?? drawn,
    displayName: ORGANIZATION_NAME,
    created: created.toISOString(),
    logoUrl: null,
    settings: {
      name: ORGANIZATION_NAME,
      contactName: 'Dana Whitfield',
      contactEmail: `it@${EMAIL_DOMAIN}`,
      newSystemUserStateDefaults: {
        manualEntry: 'ACTIVATED',
        csvImport: 'STAGED',
        applicationImport: 'STAGED',
      },
      passwordCompliance: 'custom',
      passwordPolicy: {
        enableMaxLoginAttempts: true,
        maxLoginAttempts: 5,
        minLength: 12,
        enablePasswordExpirationInDays: false,
      },
      requireAdminMFA: true,
      systemUsersCanEdit: false,
    },
  };
}

export function seedDirectory(options: SeedOptions): Directory {
  const rng = createRng(deriveSeed(options.seed, 'directory'));
  let now = SEED_EPOCH;
  const directory = new Directory({ organization: organization(rng, options.orgId), rng, clock: () => now });

  const groupIds = new Map<string, string>();
  const groupNames = [...DEPARTMENTS.map((d) => d.name), ...EXTRA_GROUPS];
  for (const [index, name] of groupNames.entries()) {
    // A minute apart, before the first person: `_id` order is creation order for groups too.
    now = new Date(SEED_EPOCH.getTime() - (groupNames.length - index) * 60_000);
    const group = directory.addGroup({
      name,
      description: DEPARTMENTS.some((d) => d.name === name)
        ? `Everyone in ${name}`
        : `${name} (managed by IT)`,
      email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@${EMAIL_DOMAIN}`,
      membershipMethod: 'STATIC',
      ...(name === 'IT Admins' ? { attributes: { sudo: { enabled: true, withoutPassword: false } } } : {}),
    });
    groupIds.set(name, group.id);
  }
  const join = (groupName: string, user: SimUser): void => {
    const groupId = groupIds.get(groupName);
    if (groupId === undefined) throw new Error(`unknown seed group ${groupName}`);
    directory.addMember(groupId, user._id);
  };

  const taken = new Set<string>();
  const heads = new Map<string, string>();
  let ceo: string | undefined;
  const seeded: { user: SimUser; person: Person }[] = [];

  const people = planPeople(rng, options.users);
  const spacing = Math.min(DAY_MS, Math.floor(SEED_SPAN_MS / people.length));
  people.forEach((person, index) => {
    now = new Date(SEED_EPOCH.getTime() + index * spacing + rng.int(Math.floor(spacing / 2 / 1000)) * 1000);
    const username = uniqueUsername(usernameOf(person.first, person.last), taken);
    const activatedOnce = person.state !== 'STAGED';
    const user = directory.addUser(
      {
        username,
        email: `${username}@${EMAIL_DOMAIN}`,
        firstname: person.first,
        lastname: person.last,
        displayname: `${person.first} ${person.last}`,
        state: person.state,
        activated: activatedOnce,
        jobTitle: person.title,
        department: person.department.name,
        company: ORGANIZATION_NAME,
        costCenter: person.department.costCenter,
        employeeType: person.employeeType,
        employeeIdentifier: `E${String(10001 + index)}`,
        location: rng.pick(LOCATIONS),
        phoneNumbers: [
          { id: directory.newId(), type: 'work', number: `+1 555 01${String(index % 100).padStart(2, '0')}` },
        ],
        creationSource: 'jumpcloud:console',
        enable_user_portal_multifactor: person.mfa,
        ...(person.mfa ? enrolled() : {}),
        ...(activatedOnce ? { password_date: new Date(now.getTime() + 2 * DAY_MS).toISOString() } : {}),
        ...(person.locked
          ? {
              account_locked: true,
              account_locked_date: new Date(SEED_EPOCH.getTime() + 400 * DAY_MS).toISOString(),
              badLoginAttempts: 5,
            }
          : {}),
        ...(person.passwordExpired
          ? {
              password_expired: true,
              password_expiration_date: new Date(SEED_EPOCH.getTime() + 380 * DAY_MS).toISOString(),
            }
          : {}),
      },
      // Names are unique by construction (uniqueUsername), so the linear clash scan is skipped.
      { unique: true },
    );
    if (person.isHead) heads.set(person.department.name, user._id);
    if (person.title === 'Chief Executive Officer') ceo = user._id;
    seeded.push({ user, person });
  });

  // Reporting lines: heads report to the CEO, everyone else to their department's head.
  for (const { user, person } of seeded) {
    const manager = person.isHead ? ceo : heads.get(person.department.name);
    if (manager !== undefined && manager !== user._id) user.manager = manager;
  }

  // Memberships, in a fixed order so `membersOf` is deterministic too.
  for (const { user, person } of seeded) {
    if (person.state === 'STAGED') continue;
    join(person.department.name, user);
    join('All Staff', user);
    for (const extra of person.groups) join(extra, user);
    if (person.isHead && !person.groups.includes('Managers')) join('Managers', user);
    if (person.department.name === 'Support' && person.isHead) join('Help Desk', user);
    if (person.employeeType === 'Contractor') join('Contractors', user);
  }

  // After the people, so their ids never depend on the devices; created a year after the epoch.
  const devicesEpoch = new Date(SEED_EPOCH.getTime() + 365 * DAY_MS);
  now = devicesEpoch;
  seedApplications(directory, { epoch: new Date(SEED_EPOCH.getTime() - 2 * DAY_MS) });
  if (options.groups !== undefined)
    seedExtraGroups(directory, { seed: options.seed, total: options.groups, at: devicesEpoch });
  seedDevices(directory, {
    seed: options.seed,
    now: options.now ?? SEED_NOW,
    epoch: devicesEpoch,
    ...(options.devices !== undefined ? { total: options.devices } : {}),
  });
  seedPolicies(directory, {
    seed: options.seed,
    now: options.now ?? SEED_NOW,
    epoch: new Date(devicesEpoch.getTime() - DAY_MS),
  });
  return directory;
}
