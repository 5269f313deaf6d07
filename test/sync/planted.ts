// A simulator directory with known violations: the seeded directory is first made compliant with
// fixtures/rules.yaml, then exactly the violations below are planted, so a sync must find exactly them
// (no more, no fewer). `plantChanges` then makes exactly one change of each kind for the next sync.
import type { JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import {
  ANTIVIRUS,
  FIXTURE_USERS,
  type SimSystem,
  type SimUser,
  type Simulator,
} from '../../src/simulator/index.js';
import { createRng } from '../../src/simulator/prng.js';

const DAY_MS = 86_400_000;
const RNG = createRng(11);
const AV = { name: ANTIVIRUS.darwin, version: '7.14', publisher: 'CrowdStrike, Inc.' };
const AV_WIN = { name: ANTIVIRUS.windows, version: '7.14', publisher: 'CrowdStrike, Inc.' };

export interface Planted {
  /** rule id → the subjects (email for users, hostname for devices) it must find. */
  expected: Record<string, string[]>;
}

function enrol(user: SimUser): void {
  user.totp_enabled = true;
  user.mfa = { configured: true, exclusion: false };
  user.mfaEnrollment = { ...user.mfaEnrollment, totpStatus: 'ENROLLED', overallStatus: 'ENROLLED' };
}

function unenrol(user: SimUser): void {
  user.totp_enabled = false;
  user.mfa = { configured: false, exclusion: false };
  user.mfaEnrollment = { ...user.mfaEnrollment, totpStatus: 'NOT_ENROLLED', overallStatus: 'NOT_ENROLLED' };
}

function strip(sim: Simulator, user: SimUser): void {
  const d = sim.directory;
  for (const g of d.groupsOf(user._id)) d.removeMember(g, user._id);
  for (const type of ['system', 'system_group', 'application'] as const) {
    for (const n of d.associations.neighbours({ type: 'user', id: user._id }, type))
      d.associations.remove({ type: 'user', id: user._id }, { type, id: n.id });
  }
}

/** Makes every rule of fixtures/rules.yaml pass on the seeded directory. */
function makeCompliant(sim: Simulator): void {
  const d = sim.directory;
  const now = sim.directory.now().getTime();
  for (const user of d.users()) {
    enrol(user);
    if (user.state === 'SUSPENDED') strip(sim, user);
  }
  const group = (name: string): string => d.groupByName(name)!.id;
  const systemGroup = (name: string): string => d.inventory.systemGroupByName(name)!.id;
  // Critical access only through IT Admins: AWS is also bound to Engineering, build-01 to Engineering.
  const aws = d.applications.list().find((a) => a.displayLabel === 'AWS IAM Identity Center')!;
  d.associations.remove(
    { type: 'application', id: aws._id },
    { type: 'user_group', id: group('Engineering') },
  );
  for (const n of d.associations.neighbours({ type: 'application', id: aws._id }, 'user'))
    d.associations.remove({ type: 'application', id: aws._id }, { type: 'user', id: n.id });
  const servers = new Set(d.inventory.membersOf(systemGroup('Servers')));
  for (const systemId of servers) {
    for (const g of d.associations.neighbours({ type: 'system', id: systemId }, 'user_group'))
      if (g.id !== group('IT Admins'))
        d.associations.remove({ type: 'system', id: systemId }, { type: 'user_group', id: g.id });
    for (const u of d.associations.neighbours({ type: 'system', id: systemId }, 'user'))
      d.associations.remove({ type: 'system', id: systemId }, { type: 'user', id: u.id });
  }
  for (const system of d.inventory.systems()) {
    if (!servers.has(system._id)) system.fde = { active: true, keyPresent: true };
    if (system.osFamily === 'darwin' && /^1[0-3]\./.test(system.version)) system.version = '14.5';
    if (system.osFamily === 'windows' && system.version.startsWith('10')) system.version = '11 Pro 23H2';
    system.lastContact = new Date(now - 3_600_000).toISOString();
    if (d.inventory.groupsOf(system._id).length === 0)
      d.inventory.addMember(systemGroup('Loaners'), system._id);
    if (system.osFamily === 'darwin') d.software.set(system._id, [AV]);
    if (system.osFamily === 'windows') d.software.set(system._id, [AV_WIN]);
  }
  // Policy results are history: a newer success for every device and policy makes each one comply now.
  const results = d.policies.resultsPage(0, d.policies.resultCount(), () => true, false).page;
  const pairs = new Set(results.map((r) => `${r.policyID} ${r.systemID}`));
  for (const pair of pairs) {
    const [policyId = '', systemId = ''] = pair.split(' ');
    d.policies.recordResult(d.policies.get(policyId)!, systemId, true, new Date(now - 10 * 60_000), RNG);
  }
}

export function plantViolations(sim: Simulator): Planted {
  makeCompliant(sim);
  const d = sim.directory;
  const now = d.now().getTime();
  const active = d
    .users()
    .filter(
      (u) => u.state === 'ACTIVATED' && !Object.values(FIXTURE_USERS).some((f) => f.username === u.username),
    );
  const take = (n: number): SimUser[] => active.splice(0, n);
  const itAdmins = d.groupByName('IT Admins')!;
  const db01 = d.inventory.systemByHostname('db-01')!;
  const aws = d.applications.list().find((a) => a.displayLabel === 'AWS IAM Identity Center')!;

  // mfa: three without a factor; one exempt by group, one in an MFA exclusion that has not ended.
  const noMfa = take(3);
  noMfa.forEach(unenrol);
  const [exempt, graced] = take(2) as [SimUser, SimUser];
  unenrol(exempt);
  d.addMember(d.addGroup({ name: 'Service Accounts' }).id, exempt._id);
  unenrol(graced);
  graced.mfa = {
    configured: false,
    exclusion: true,
    exclusionUntil: new Date(now + 7 * DAY_MS).toISOString(),
  };

  // inactive: two suspended with access (groups; a device binding only), one suspended with none.
  const [inGroups, bound, clean] = take(3) as [SimUser, SimUser, SimUser];
  for (const u of [inGroups, bound, clean]) {
    u.state = 'SUSPENDED';
    u.suspended = true;
  }
  strip(sim, bound);
  strip(sim, clean);
  const laptop = d.inventory.systems().find((s) => s.osFamily === 'darwin')!;
  d.associations.add({ type: 'user', id: bound._id }, { type: 'system', id: laptop._id });

  // critical: one bound to db-01, one assigned AWS; an IT Admin bound to db-01 is fine.
  const [toServer, toAws] = take(2) as [SimUser, SimUser];
  d.associations.add({ type: 'user', id: toServer._id }, { type: 'system', id: db01._id });
  d.associations.add({ type: 'user', id: toAws._id }, { type: 'application', id: aws._id });
  const admin = d.getUser(d.membersOf(itAdmins.id)[0]!)!;
  d.associations.add({ type: 'user', id: admin._id }, { type: 'system', id: db01._id });

  // devices: pick distinct ones for each device rule.
  const pool: SimSystem[] = d.inventory
    .systems()
    .filter((s) => (s.osFamily === 'darwin' || s.osFamily === 'windows') && s._id !== laptop._id);
  const macs = pool.filter((s) => s.osFamily === 'darwin');
  const wins = pool.filter((s) => s.osFamily === 'windows');
  const pick = (list: SimSystem[]): SimSystem => {
    const s = list.shift()!;
    pool.splice(pool.indexOf(s), 1);
    const other = (s.osFamily === 'darwin' ? wins : macs).indexOf(s);
    if (other >= 0) (s.osFamily === 'darwin' ? wins : macs).splice(other, 1);
    return s;
  };
  const unencrypted = [pick(macs), pick(wins)];
  for (const s of unencrypted) s.fde = { active: false, keyPresent: false };
  const oldMac = pick(macs);
  oldMac.version = '13.6';
  const oldWin = pick(wins);
  oldWin.version = '10 Pro 22H2';
  const ungrouped = pick(macs);
  for (const g of d.inventory.groupsOf(ungrouped._id)) d.inventory.removeMember(g, ungrouped._id);
  const stale = [pick(macs), pick(wins)];
  stale[0]!.lastContact = new Date(now - 45 * DAY_MS).toISOString();
  stale[1]!.lastContact = null;
  const noAv = [pick(macs), pick(wins)];
  d.software.set(noAv[0]!._id, [{ name: 'Slack.app', version: '4.39', publisher: 'Slack Technologies' }]);
  d.software.set(noAv[1]!._id, []);

  // policy: one device fails its policy now; another failed before its latest success, which counts.
  const applied = d.policies
    .resultsPage(0, d.policies.resultCount(), () => true, false)
    .page.map((r) => ({ policy: d.policies.get(r.policyID ?? '')!, systemId: r.systemID ?? '' }));
  const [failing, recovered] = pool
    .map((s) => applied.find((r) => r.systemId === s._id))
    .filter((r) => r !== undefined) as [(typeof applied)[number], (typeof applied)[number]];
  d.policies.recordResult(failing.policy, failing.systemId, false, new Date(now - 5 * 60_000), RNG);
  d.policies.recordResult(recovered.policy, recovered.systemId, false, new Date(now - 20 * 60_000), RNG);

  const emails = (users: SimUser[]): string[] => users.map((u) => u.email).sort();
  const hosts = (systems: SimSystem[]): string[] => systems.map((s) => s.hostname).sort();
  return {
    expected: {
      mfa: emails(noMfa),
      inactive: emails([inGroups, bound]),
      critical: emails([toServer, toAws]),
      encryption: hosts(unencrypted),
      'os-floor': hosts([oldMac, oldWin]),
      ungrouped: hosts([ungrouped]),
      stale: hosts(stale),
      antivirus: hosts(noAv),
      policy: hosts([d.inventory.getSystem(failing.systemId)!]),
    },
  };
}

export interface PlantedChanges {
  /** kind → subjects (email or hostname) changed, exactly one each. */
  expected: Record<string, string[]>;
  moved: SimUser;
  /** The moved user's department before the move. */
  movedFrom: string;
}

/** One change of each kind, made through the API where the API has the call (so Directory Insights has it). */
export async function plantChanges(sim: Simulator, jc: JumpCloudClient): Promise<PlantedChanges> {
  const d = sim.directory;
  const joiner = await jc.request<{ email: string }>({
    method: 'POST',
    path: '/api/systemusers',
    body: { username: 'new.joiner', email: 'new.joiner@example.com', firstname: 'New', lastname: 'Joiner' },
  });
  // A leaver in no group (the staged new hire), so the deletion is one change, not also group removals.
  const leaver = d.findUserByUsername(FIXTURE_USERS.newHire.username)!;
  d.removeUser(leaver._id);
  const candidates = d
    .users()
    .filter((u) => u.state === 'ACTIVATED' && d.groupsOf(u._id).length > 0 && u.email !== joiner.email);
  const suspended = candidates[candidates.length - 1]!;
  await jc.request({ method: 'POST', path: `/api/systemusers/${suspended._id}/state/suspend` });
  const moved = candidates[candidates.length - 2]!;
  const movedFrom = moved.department;
  await jc.request({
    method: 'PUT',
    path: `/api/systemusers/${moved._id}`,
    body: { department: 'Finance & Legal' },
  });
  const engineering = d.groupByName('Engineering')!;
  const added = candidates.find((u) => !d.isMember(engineering.id, u._id) && u !== moved && u !== suspended)!;
  await jc.request({
    method: 'POST',
    path: `/api/v2/usergroups/${engineering.id}/members`,
    body: { op: 'add', type: 'user', id: added._id },
  });
  const removedFrom = d.groupByName('VPN Users') ?? engineering;
  const removed = d
    .membersOf(removedFrom.id)
    .map((id) => d.getUser(id)!)
    .find((u) => u !== moved && u !== suspended && u !== added)!;
  await jc.request({
    method: 'POST',
    path: `/api/v2/usergroups/${removedFrom.id}/members`,
    body: { op: 'remove', type: 'user', id: removed._id },
  });
  const device = d.inventory.addSystem({ hostname: 'new-laptop-01', osFamily: 'darwin', version: '15.1' });
  const retired =
    d.inventory
      .systems()
      .find((s) => s.osFamily === 'linux' && s.hostname !== 'db-01' && s.hostname !== 'build-01') ??
    d.inventory.systemByHostname('loaner-01')!;
  d.removeSystem(retired._id);
  // A device joins a device group and another leaves one; both stay in some group, so no new finding.
  const inv = d.inventory;
  const fleet = inv.systemGroups().find((g) => inv.membersOf(g.id).length > 1)!;
  const joined = inv
    .systems()
    .find((s) => s !== device && !inv.isMember(fleet.id, s._id) && inv.groupsOf(s._id).length > 0)!;
  await jc.request({
    method: 'POST',
    path: `/api/v2/systemgroups/${fleet.id}/members`,
    body: { op: 'add', type: 'system', id: joined._id },
  });
  const other = inv.systemGroups().find((g) => g !== fleet && inv.membersOf(g.id).length > 0)!;
  const left =
    inv
      .membersOf(other.id)
      .map((id) => inv.getSystem(id)!)
      .find((s) => s !== joined && inv.groupsOf(s._id).length > 1) ??
    inv.getSystem(inv.membersOf(other.id)[0]!)!;
  await jc.request({
    method: 'POST',
    path: `/api/v2/systemgroups/${other.id}/members`,
    body: { op: 'remove', type: 'system', id: left._id },
  });
  return {
    moved,
    movedFrom,
    expected: {
      'user.joined': [joiner.email],
      'user.left': [leaver.email],
      'user.stateChanged': [suspended.email],
      'user.moved': [moved.email],
      'group.memberAdded': [added.email],
      'group.memberRemoved': [removed.email],
      'device.added': [device.hostname],
      'device.removed': [retired.hostname],
      'deviceGroup.memberAdded': [joined.hostname],
      'deviceGroup.memberRemoved': [left.hostname],
    },
  };
}
