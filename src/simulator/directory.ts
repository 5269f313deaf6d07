// The simulator's in-memory state: users, user groups, direct memberships and the one organization, plus
// (composed, one job each) the devices (`inventory`), SSO applications (`applications`) and the direct
// associations between them (`associations`). Handlers and tests go through these methods; the records
// they return are the live ones, so a test can inspect them, and should plant data with addUser/addGroup/
// addMember (and the composed stores' add methods), which keep the indexes right.
import { byId, Memberships } from './memberships.js';
import { Applications } from './applications.js';
import { Associations } from './associations.js';
import { Inventory } from './inventory.js';
import { Policies, type SimPolicy } from './policies.js';
import { Software } from './software.js';
import { isObjectId, ObjectIdFactory } from './objectId.js';
import type { Rng } from './prng.js';
import type { GraphAttributes } from '../jumpcloud/types.js';
import type {
  NewGroupInput,
  NewUserInput,
  SimApplication,
  SimGroup,
  SimOrganization,
  SimSystem,
  SimSystemGroup,
  SimUser,
  UserState,
} from './model.js';
import { buildUserRecord } from './userRecord.js';

export interface DirectoryOptions {
  organization: SimOrganization;
  /** Draws the random parts of new ObjectIDs. */
  rng: Rng;
  /** Time for new records; seeding passes a fixed clock so the same seed gives the same ids. */
  clock: () => Date;
  /** First POSIX uid handed out. */
  firstUnixId?: number;
}

export class Directory {
  readonly organization: SimOrganization;
  /** Devices (v1 systems) and system groups. */
  readonly inventory: Inventory;
  /** SSO applications. */
  readonly applications: Applications;
  /** Direct associations: user/user group ↔ system/system group/application. */
  readonly associations = new Associations();
  /** Policies, their results on devices, and System Insights software (built after the devices). */
  readonly policies: Policies;
  readonly software: Software;
  private readonly usersById = new Map<string, SimUser>();
  private readonly groupsById = new Map<string, SimGroup>();
  private readonly memberships = new Memberships();
  // Sorted views, rebuilt on the next read after a change: list endpoints page through them many times
  // (a 50k-user directory is 500 pages), so sorting per request would be quadratic.
  private sortedUsers: SimUser[] | undefined;
  private sortedGroups: SimGroup[] | undefined;
  private readonly ids: ObjectIdFactory;
  private clock: () => Date;
  private nextUnixId: number;

  constructor(options: DirectoryOptions) {
    this.organization = options.organization;
    this.ids = new ObjectIdFactory(options.rng);
    this.clock = options.clock;
    this.nextUnixId = options.firstUnixId ?? 5001;
    const shared = {
      organization: this.organization._id,
      newId: (at?: Date): string => this.newId(at),
      now: (): Date => this.clock(),
    };
    this.inventory = new Inventory(shared);
    this.applications = new Applications(shared);
    this.policies = new Policies(shared);
    this.software = new Software(this.inventory);
  }

  /** The seeder builds with a fixed clock, then the server switches to its own. */
  setClock(clock: () => Date): void {
    this.clock = clock;
  }

  now(): Date {
    return this.clock();
  }

  newId(at: Date = this.clock()): string {
    for (;;) {
      const id = this.ids.next(at);
      const taken =
        this.usersById.has(id) ||
        this.groupsById.has(id) ||
        id === this.organization._id ||
        this.inventory.has(id) ||
        this.applications.has(id) ||
        this.policies.has(id);
      if (!taken) return id;
    }
  }

  /** The graph type of any object id (for Directory Insights' `resource.type`). */
  typeOf(id: string): string {
    if (this.usersById.has(id)) return 'user';
    if (this.groupsById.has(id)) return 'user_group';
    if (this.inventory.getSystem(id)) return 'system';
    if (this.inventory.getSystemGroup(id)) return 'system_group';
    if (this.applications.has(id)) return 'application';
    if (this.policies.has(id)) return 'policy';
    return 'unknown';
  }

  /** Deletes a device with its group memberships and associations. */
  removeSystem(id: string): boolean {
    this.associations.removeNode({ type: 'system', id });
    return this.inventory.removeSystem(id);
  }

  // ---- users

  /** All users in `_id` order (= creation order), the service's natural order. Do not modify the array. */
  users(): readonly SimUser[] {
    this.sortedUsers ??= [...this.usersById.values()].sort((a, b) => byId(a._id, b._id));
    return this.sortedUsers;
  }

  getUser(id: string): SimUser | undefined {
    return this.usersById.get(id);
  }

  findUserByEmail(email: string): SimUser | undefined {
    return this.users().find((user) => user.email === email);
  }

  findUserByUsername(username: string): SimUser | undefined {
    return this.users().find((user) => user.username === username);
  }

  /**
   * Creates a user with JumpCloud's defaults for anything not given. Enforces what the service enforces:
   * username and email unique; throws on a clash so a test that plants a duplicate hears about it. The
   * seeder, which makes names unique itself, skips that scan (`unique: true`): it is linear per user.
   */
  addUser(
    input: NewUserInput,
    options: { at?: Date; defaultState?: UserState; unique?: boolean } = {},
  ): SimUser {
    const clash = options.unique ? undefined : this.userClash(input.username, input.email);
    if (clash) throw new Error(`cannot add user: ${clash}`);
    if (input._id !== undefined && (!isObjectId(input._id) || this.usersById.has(input._id))) {
      throw new Error(`cannot add user: bad or taken _id ${input._id}`);
    }
    const at = options.at ?? this.clock();
    const id = input._id ?? this.newId(at);
    const unixId = input.unix_uid ?? this.nextUnixId++;
    const user = buildUserRecord(input, {
      id,
      now: at,
      organization: this.organization._id,
      unixId,
      defaultState: options.defaultState ?? this.defaultNewUserState(),
    });
    this.usersById.set(id, user);
    this.sortedUsers = undefined;
    return user;
  }

  /**
   * Deletes a user with their memberships and associations (the API's DELETE is not served; tests plant a
   * leaver this way). Returns false for an unknown id.
   */
  removeUser(id: string): boolean {
    if (!this.usersById.has(id)) return false;
    this.memberships.removeMember(id);
    this.associations.removeNode({ type: 'user', id });
    this.usersById.delete(id);
    this.sortedUsers = undefined;
    return true;
  }

  /** The org setting JumpCloud applies to a POST without `state`. */
  defaultNewUserState(): UserState {
    return this.organization.settings.newSystemUserStateDefaults?.manualEntry ?? 'ACTIVATED';
  }

  /** Describes why a username/email would collide with another user, or undefined if it would not. */
  userClash(username: string | undefined, email: string | undefined, exceptId?: string): string | undefined {
    for (const user of this.usersById.values()) {
      if (user._id === exceptId) continue;
      if (username !== undefined && user.username === username) return `username "${username}" is taken`;
      if (email !== undefined && user.email.toLowerCase() === email.toLowerCase()) {
        return `email "${email}" is taken`;
      }
    }
    return undefined;
  }

  // ---- groups

  groups(): readonly SimGroup[] {
    this.sortedGroups ??= [...this.groupsById.values()].sort((a, b) => byId(a.id, b.id));
    return this.sortedGroups;
  }

  getGroup(id: string): SimGroup | undefined {
    return this.groupsById.get(id);
  }

  groupByName(name: string): SimGroup | undefined {
    return this.groups().find((group) => group.name === name);
  }

  addGroup(input: NewGroupInput, options: { at?: Date; unique?: boolean } = {}): SimGroup {
    if (!options.unique && this.groupByName(input.name))
      throw new Error(`cannot add group: name "${input.name}" is taken`);
    const id = this.newId(options.at ?? this.clock());
    const { name, ...rest } = input;
    const group: SimGroup = {
      id,
      name,
      type: 'user_group',
      description: '',
      email: '',
      attributes: {},
      membershipMethod: 'NOTSET',
      memberQuery: null,
      memberQueryExemptions: [],
      memberSuggestionsNotify: false,
      memberQueryErrorFlags: [],
      suggestionCounts: { add: 0, remove: 0, total: 0 },
      organizationObjectId: this.organization._id,
      ...rest,
    };
    // `id` and `type` are not the caller's to choose (the input type excludes them; guard casts anyway).
    group.id = id;
    group.type = 'user_group';
    this.groupsById.set(id, group);
    this.memberships.addGroup(id);
    this.sortedGroups = undefined;
    return group;
  }

  // ---- memberships (direct: a user is in a group)

  /** User ids directly in the group, in the order they were added. */
  membersOf(groupId: string): string[] {
    return this.memberships.membersOf(groupId);
  }

  /** User ids directly in the group in id order (the order the members list is served in). Do not modify. */
  sortedMembersOf(groupId: string): readonly string[] {
    return this.memberships.sortedMembersOf(groupId);
  }

  /** Group ids the user is directly in, in id order. */
  groupsOf(userId: string): string[] {
    return this.memberships.groupsOf(userId);
  }

  isMember(groupId: string, userId: string): boolean {
    return this.memberships.isMember(groupId, userId);
  }

  /** Returns false when the user was already a member (the API answers 409 then). */
  addMember(groupId: string, userId: string): boolean {
    if (!this.memberships.hasGroup(groupId) || !this.usersById.has(userId))
      throw new Error(`unknown group ${groupId} or user ${userId}`);
    return this.memberships.add(groupId, userId);
  }

  /** Returns false when the user was not a member (the API answers 404 then). */
  removeMember(groupId: string, userId: string): boolean {
    return this.memberships.remove(groupId, userId);
  }

  /** Everything, as plain JSON: what "the same seed gives the same directory" is checked against. */
  snapshot(): {
    organization: SimOrganization;
    users: SimUser[];
    groups: SimGroup[];
    members: Record<string, string[]>;
    systems: SimSystem[];
    systemGroups: SimSystemGroup[];
    systemMembers: Record<string, string[]>;
    applications: SimApplication[];
    associations: [string, string, GraphAttributes][];
    policies: SimPolicy[];
  } {
    return structuredClone({
      organization: this.organization,
      users: [...this.users()],
      groups: [...this.groups()],
      members: Object.fromEntries(this.groups().map((group) => [group.id, this.membersOf(group.id)])),
      ...this.inventory.snapshot(),
      applications: this.applications.snapshot(),
      associations: this.associations.list(),
      policies: this.policies.list(),
    });
  }
}
