// The well-known devices, device groups and SSO applications every seeded directory has, next to the
// fixture people (fixtures.ts). Tests and playbook examples rely on these:
//
//   hostname       owner (fixture)   OS                     disk encryption        last contact    bound
//   jordan-mbp     engineer          macOS 14.5 (arm64)     FileVault on, escrowed  2 h, active     directly
//   morgan-mbp     engManager        macOS 13.6             FileVault on            100 days        directly
//   riley-laptop   suspended         Windows 11 Pro         BitLocker on, escrowed  40 days         directly (still!)
//   jamie-desktop  locked            Windows 10 Pro         OFF (unencrypted)       1 day           directly
//   alex-mba       itManager         macOS 15.1             FileVault on, escrowed  5 h, active     directly
//   priya-ws       sysadmin          Ubuntu 24.04           LUKS on                 3 h, active     directly, sudo
//   sam-laptop     helpDesk          Windows 11 Pro         BitLocker on, escrowed  1 day           directly
//   dana-iphone    ceo               iOS 17.5               on                      1 day           directly
//   build-01       —                 Ubuntu 22.04 server    off                     10 min, active  user group Engineering
//   db-01          —                 Ubuntu 22.04 server    off                     10 min, active  via Servers
//   loaner-01      —                 macOS 14.5             off                     never           via Loaners
//
// Device groups: "Mac Fleet" (every macOS laptop), "Windows Laptops" (every Windows device), "Servers"
// (build-01, db-01) and "Loaners" (loaner-01). Bindings through groups: user group "IT Admins" ↔ "Servers"
// with sudo; user group "Help Desk" ↔ "Loaners"; user group "Engineering" ↔ build-01.
// So the engineer reaches jordan-mbp directly and build-01 through Engineering; the suspended user still
// has a direct binding to riley-laptop; jamie-desktop is the unencrypted end-user device.
//
// Last contact is relative to the simulator's start (rounded down to the UTC day), so "100 days ago" stays
// true whenever the tests run; the random devices of other people spread from minutes to months.
//
// Applications: Slack, Google Workspace, Zoom (user group All Staff); GitHub Enterprise (Engineering); AWS
// IAM Identity Center (Engineering, IT Admins); Salesforce (Sales, plus riley.brooks directly — still
// assigned though suspended); BambooHR (People); Jira (Engineering, Support, plus jordan.lee directly);
// Legacy Wiki (inactive, nobody).
import type { FixtureKey } from './fixtures.js';
import type { NewSystemInput } from './model.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DeviceFixtureSpec {
  hostname: string;
  owner?: FixtureKey;
  system: Omit<NewSystemInput, 'hostname' | 'lastContact' | 'active'>;
  /** How long before the reference time the agent last reported; undefined: never. */
  lastSeenAgoMs?: number;
  /** Bound to the owner directly (a user ↔ system association). */
  direct: boolean;
  /** Sudo on the direct binding. */
  sudo?: boolean;
}

export const DEVICE_FIXTURES: readonly DeviceFixtureSpec[] = [
  {
    hostname: 'jordan-mbp',
    owner: 'engineer',
    system: {
      osFamily: 'darwin',
      version: '14.5',
      serialNumber: 'C02JL3MBP014',
      fde: { active: true, keyPresent: true },
      agentVersion: '1.172.0',
    },
    lastSeenAgoMs: 2 * HOUR_MS,
    direct: true,
  },
  {
    hostname: 'morgan-mbp',
    owner: 'engManager',
    system: {
      osFamily: 'darwin',
      version: '13.6',
      serialNumber: 'C02MC1MBP013',
      fde: { active: true, keyPresent: false },
      agentVersion: '1.158.0',
    },
    lastSeenAgoMs: 100 * DAY_MS,
    direct: true,
  },
  {
    hostname: 'riley-laptop',
    owner: 'suspended',
    system: {
      osFamily: 'windows',
      version: '11 Pro 23H2',
      serialNumber: '7RB4K2L',
      fde: { active: true, keyPresent: true },
      agentVersion: '1.163.1',
    },
    lastSeenAgoMs: 40 * DAY_MS,
    direct: true,
  },
  {
    hostname: 'jamie-desktop',
    owner: 'locked',
    system: {
      osFamily: 'windows',
      version: '10 Pro 22H2',
      serialNumber: '5JF9Q1D',
      fde: { active: false, keyPresent: false },
      agentVersion: '1.163.1',
    },
    lastSeenAgoMs: DAY_MS,
    direct: true,
  },
  {
    hostname: 'alex-mba',
    owner: 'itManager',
    system: {
      osFamily: 'darwin',
      version: '15.1',
      serialNumber: 'C02AR7MBA015',
      fde: { active: true, keyPresent: true },
      agentVersion: '1.172.0',
    },
    lastSeenAgoMs: 5 * HOUR_MS,
    direct: true,
  },
  {
    hostname: 'priya-ws',
    owner: 'sysadmin',
    system: {
      osFamily: 'linux',
      version: '24.04',
      serialNumber: 'PF3SHAH24',
      fde: { active: true, keyPresent: false },
      agentVersion: '1.172.0',
    },
    lastSeenAgoMs: 3 * HOUR_MS,
    direct: true,
    sudo: true,
  },
  {
    hostname: 'sam-laptop',
    owner: 'helpDesk',
    system: {
      osFamily: 'windows',
      version: '11 Pro 23H2',
      serialNumber: '9SO2K7P',
      fde: { active: true, keyPresent: true },
      agentVersion: '1.170.0',
    },
    lastSeenAgoMs: DAY_MS,
    direct: true,
  },
  {
    hostname: 'dana-iphone',
    owner: 'ceo',
    system: {
      osFamily: 'ios',
      version: '17.5',
      serialNumber: 'F2LDW1IPH17',
      fde: { active: true, keyPresent: false },
    },
    lastSeenAgoMs: DAY_MS,
    direct: true,
  },
  {
    hostname: 'build-01',
    system: {
      osFamily: 'linux',
      version: '22.04',
      serialNumber: 'SRV-BLD-01',
      desktopCapable: false,
      agentVersion: '1.170.0',
    },
    lastSeenAgoMs: 10 * 60_000,
    direct: false,
  },
  {
    hostname: 'db-01',
    system: {
      osFamily: 'linux',
      version: '22.04',
      serialNumber: 'SRV-DB-01',
      desktopCapable: false,
      agentVersion: '1.170.0',
    },
    lastSeenAgoMs: 10 * 60_000,
    direct: false,
  },
  {
    hostname: 'loaner-01',
    system: { osFamily: 'darwin', version: '14.5', serialNumber: 'C02LN1MBA014', agentVersion: '1.170.0' },
    direct: false,
  },
];

export const SYSTEM_GROUPS = ['Mac Fleet', 'Windows Laptops', 'Servers', 'Loaners'] as const;
export type SystemGroupName = (typeof SYSTEM_GROUPS)[number];

export const FIXTURE_DEVICE_GROUPS: Readonly<Record<string, SystemGroupName>> = {
  'build-01': 'Servers',
  'db-01': 'Servers',
  'loaner-01': 'Loaners',
};

/** User group ↔ system group bindings, with sudo where given. */
export const GROUP_BINDINGS: readonly { userGroup: string; systemGroup: SystemGroupName; sudo?: boolean }[] =
  [
    { userGroup: 'IT Admins', systemGroup: 'Servers', sudo: true },
    { userGroup: 'Help Desk', systemGroup: 'Loaners' },
  ];

/** User group ↔ single system bindings. */
export const GROUP_SYSTEM_BINDINGS: readonly { userGroup: string; hostname: string }[] = [
  { userGroup: 'Engineering', hostname: 'build-01' },
];

export interface AppFixtureSpec {
  name: string;
  displayLabel: string;
  description: string;
  active?: boolean;
  userGroups: readonly string[];
  users?: readonly FixtureKey[];
}

export const APP_FIXTURES: readonly AppFixtureSpec[] = [
  { name: 'slack', displayLabel: 'Slack', description: 'Team chat', userGroups: ['All Staff'] },
  {
    name: 'googleworkspace',
    displayLabel: 'Google Workspace',
    description: 'Mail, calendar and documents',
    userGroups: ['All Staff'],
  },
  { name: 'zoom', displayLabel: 'Zoom', description: 'Video meetings', userGroups: ['All Staff'] },
  {
    name: 'github',
    displayLabel: 'GitHub Enterprise',
    description: 'Source code',
    userGroups: ['Engineering'],
  },
  {
    name: 'awsiamidentitycenter',
    displayLabel: 'AWS IAM Identity Center',
    description: 'Cloud accounts',
    userGroups: ['Engineering', 'IT Admins'],
  },
  {
    name: 'salesforce',
    displayLabel: 'Salesforce',
    description: 'CRM',
    userGroups: ['Sales'],
    users: ['suspended'],
  },
  { name: 'bamboohr', displayLabel: 'BambooHR', description: 'HR system', userGroups: ['People'] },
  {
    name: 'jira',
    displayLabel: 'Jira',
    description: 'Issue tracking',
    userGroups: ['Engineering', 'Support'],
    users: ['engineer'],
  },
  {
    name: 'legacywiki',
    displayLabel: 'Legacy Wiki',
    description: 'Read-only archive',
    active: false,
    userGroups: [],
  },
];
