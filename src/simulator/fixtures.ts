// The well-known people and groups every seeded directory has, whatever its size (they count towards
// `users`; a smaller count still gets all of them). Tests and the demo rely on these names:
//
//   key         username          department   title                    state / notes
//   ceo         dana.whitfield    Operations   Chief Executive Officer  ACTIVATED, manager of the heads
//   itManager   alex.rivera       IT           IT Manager               ACTIVATED, MFA enrolled, IT Admins
//   sysadmin    priya.shah        IT           Systems Administrator    ACTIVATED, MFA enrolled, IT Admins
//   helpDesk    sam.okafor        IT           Help Desk Technician     ACTIVATED, Help Desk
//   engManager  morgan.chen       Engineering  Engineering Manager      ACTIVATED, MFA enrolled, Managers
//   engineer    jordan.lee        Engineering  Software Engineer        ACTIVATED, MFA enrolled, VPN Users
//   newHire     casey.nguyen      Engineering  Software Engineer        STAGED (a new hire), in no group
//   suspended   riley.brooks      Sales        Account Executive        SUSPENDED, still in Sales + All Staff
//   locked      jamie.fox         Support      Support Specialist       ACTIVATED, account locked
//
// Groups: one per department (Engineering, Sales, Support, Marketing, Finance, People, IT, Legal,
// Operations) holding its non-STAGED people, plus "IT Admins" (exactly alex.rivera and priya.shah; sudo
// attribute), "Help Desk", "All Staff" (every non-STAGED user), "Managers", "VPN Users" and "Contractors".
// Emails are `<username>@example.com`.
import type { UserState } from './model.js';

export const EMAIL_DOMAIN = 'example.com';

export interface FixtureSpec {
  key: string;
  first: string;
  last: string;
  department: string;
  title: string;
  state: UserState;
  mfa: boolean;
  locked?: boolean;
  groups: readonly string[];
}

export const FIXTURE_SPECS = [
  {
    key: 'ceo',
    first: 'Dana',
    last: 'Whitfield',
    department: 'Operations',
    title: 'Chief Executive Officer',
    state: 'ACTIVATED',
    mfa: true,
    groups: ['Managers'],
  },
  {
    key: 'itManager',
    first: 'Alex',
    last: 'Rivera',
    department: 'IT',
    title: 'IT Manager',
    state: 'ACTIVATED',
    mfa: true,
    groups: ['IT Admins', 'Managers', 'VPN Users'],
  },
  {
    key: 'sysadmin',
    first: 'Priya',
    last: 'Shah',
    department: 'IT',
    title: 'Systems Administrator',
    state: 'ACTIVATED',
    mfa: true,
    groups: ['IT Admins', 'VPN Users'],
  },
  {
    key: 'helpDesk',
    first: 'Sam',
    last: 'Okafor',
    department: 'IT',
    title: 'Help Desk Technician',
    state: 'ACTIVATED',
    mfa: false,
    groups: ['Help Desk'],
  },
  {
    key: 'engManager',
    first: 'Morgan',
    last: 'Chen',
    department: 'Engineering',
    title: 'Engineering Manager',
    state: 'ACTIVATED',
    mfa: true,
    groups: ['Managers'],
  },
  {
    key: 'engineer',
    first: 'Jordan',
    last: 'Lee',
    department: 'Engineering',
    title: 'Software Engineer',
    state: 'ACTIVATED',
    mfa: true,
    groups: ['VPN Users'],
  },
  {
    key: 'newHire',
    first: 'Casey',
    last: 'Nguyen',
    department: 'Engineering',
    title: 'Software Engineer',
    state: 'STAGED',
    mfa: false,
    groups: [],
  },
  {
    key: 'suspended',
    first: 'Riley',
    last: 'Brooks',
    department: 'Sales',
    title: 'Account Executive',
    state: 'SUSPENDED',
    mfa: false,
    groups: [],
  },
  {
    key: 'locked',
    first: 'Jamie',
    last: 'Fox',
    department: 'Support',
    title: 'Support Specialist',
    state: 'ACTIVATED',
    mfa: false,
    locked: true,
    groups: [],
  },
] as const satisfies readonly FixtureSpec[];

export type FixtureKey = (typeof FIXTURE_SPECS)[number]['key'];

export const usernameOf = (first: string, last: string): string => `${first}.${last}`.toLowerCase();

/** The fixture users' usernames and emails, by role. */
export const FIXTURE_USERS = Object.fromEntries(
  FIXTURE_SPECS.map((spec) => {
    const username = usernameOf(spec.first, spec.last);
    return [spec.key, { username, email: `${username}@${EMAIL_DOMAIN}` }];
  }),
) as Record<FixtureKey, { username: string; email: string }>;

export const EXTRA_GROUPS = [
  'IT Admins',
  'Help Desk',
  'All Staff',
  'Managers',
  'VPN Users',
  'Contractors',
] as const;
