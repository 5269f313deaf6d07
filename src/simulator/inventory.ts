// The simulator's devices: v1 systems, v2 system groups and which systems are in which group. Like
// Directory, it hands out live records; tests plant data through addSystem/addSystemGroup/addSystemMember.
import { byId, Memberships } from './memberships.js';
import type { NewSystemGroupInput, NewSystemInput, SimSystem, SimSystemGroup } from './model.js';
import { buildSystemRecord } from './systemRecord.js';

export interface InventoryOptions {
  organization: string;
  /** The directory's id source, so ids are unique across every kind of object. */
  newId: (at?: Date) => string;
  now: () => Date;
}

export class Inventory {
  private readonly systemsById = new Map<string, SimSystem>();
  private readonly groupsById = new Map<string, SimSystemGroup>();
  private readonly memberships = new Memberships();
  // Sorted views, rebuilt after a change (see Directory).
  private sortedSystems: SimSystem[] | undefined;
  private sortedGroups: SimSystemGroup[] | undefined;
  /** Bumped on every change to the systems, so derived data (System Insights) knows to rebuild. */
  private revision = 0;

  constructor(private readonly options: InventoryOptions) {}

  has(id: string): boolean {
    return this.systemsById.has(id) || this.groupsById.has(id);
  }

  // ---- systems

  /** All systems in `_id` order (= enrolment order). Do not modify the array. */
  systems(): readonly SimSystem[] {
    this.sortedSystems ??= [...this.systemsById.values()].sort((a, b) => byId(a._id, b._id));
    return this.sortedSystems;
  }

  /** Changes whenever a system is added. */
  systemsRevision(): number {
    return this.revision;
  }

  getSystem(id: string): SimSystem | undefined {
    return this.systemsById.get(id);
  }

  systemByHostname(hostname: string): SimSystem | undefined {
    return this.systems().find((system) => system.hostname === hostname);
  }

  addSystem(input: NewSystemInput, options: { at?: Date } = {}): SimSystem {
    const at = options.at ?? this.options.now();
    const id = this.options.newId(at);
    const system = buildSystemRecord(input, { id, now: at, organization: this.options.organization });
    this.systemsById.set(id, system);
    this.sortedSystems = undefined;
    this.revision += 1;
    return system;
  }

  /** Deletes a device and its group memberships (a retired laptop). Associations are the caller's. */
  removeSystem(id: string): boolean {
    if (!this.systemsById.has(id)) return false;
    this.memberships.removeMember(id);
    this.systemsById.delete(id);
    this.sortedSystems = undefined;
    this.revision += 1;
    return true;
  }

  // ---- system groups

  systemGroups(): readonly SimSystemGroup[] {
    this.sortedGroups ??= [...this.groupsById.values()].sort((a, b) => byId(a.id, b.id));
    return this.sortedGroups;
  }

  getSystemGroup(id: string): SimSystemGroup | undefined {
    return this.groupsById.get(id);
  }

  systemGroupByName(name: string): SimSystemGroup | undefined {
    return this.systemGroups().find((group) => group.name === name);
  }

  addSystemGroup(input: NewSystemGroupInput, options: { at?: Date } = {}): SimSystemGroup {
    if (this.systemGroupByName(input.name))
      throw new Error(`cannot add system group: name "${input.name}" is taken`);
    const id = this.options.newId(options.at ?? this.options.now());
    const { name, ...rest } = input;
    const group: SimSystemGroup = {
      id,
      name,
      type: 'system_group',
      description: '',
      email: '',
      attributes: {},
      membershipMethod: 'NOTSET',
      memberQuery: null,
      memberQueryExemptions: [],
      memberSuggestionsNotify: false,
      memberQueryErrorFlags: [],
      organizationObjectId: this.options.organization,
      ...rest,
    };
    group.id = id;
    group.type = 'system_group';
    this.groupsById.set(id, group);
    this.memberships.addGroup(id);
    this.sortedGroups = undefined;
    return group;
  }

  /** System ids directly in the group, in the order they were added. */
  membersOf(groupId: string): string[] {
    return this.memberships.membersOf(groupId);
  }

  /** System ids directly in the group in id order (the order the members list is served in). Do not modify. */
  sortedMembersOf(groupId: string): readonly string[] {
    return this.memberships.sortedMembersOf(groupId);
  }

  /** Group ids the system is directly in, in id order. */
  groupsOf(systemId: string): string[] {
    return this.memberships.groupsOf(systemId);
  }

  isMember(groupId: string, systemId: string): boolean {
    return this.memberships.isMember(groupId, systemId);
  }

  /** Returns false when the system was already a member (the API answers 409 then). */
  addMember(groupId: string, systemId: string): boolean {
    if (!this.memberships.hasGroup(groupId) || !this.systemsById.has(systemId))
      throw new Error(`unknown group ${groupId} or system ${systemId}`);
    return this.memberships.add(groupId, systemId);
  }

  /** Returns false when the system was not a member (the API answers 404 then). */
  removeMember(groupId: string, systemId: string): boolean {
    return this.memberships.remove(groupId, systemId);
  }

  snapshot(): {
    systems: SimSystem[];
    systemGroups: SimSystemGroup[];
    systemMembers: Record<string, string[]>;
  } {
    return structuredClone({
      systems: [...this.systems()],
      systemGroups: [...this.systemGroups()],
      systemMembers: Object.fromEntries(this.systemGroups().map((g) => [g.id, this.membersOf(g.id)])),
    });
  }
}
