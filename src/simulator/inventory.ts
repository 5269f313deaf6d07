// The simulator's devices: v1 systems, v2 system groups and which systems are in which group. Like
// Directory, it hands out live records; tests plant data through addSystem/addSystemGroup/addSystemMember.
import type { NewSystemGroupInput, NewSystemInput, SimSystem, SimSystemGroup } from './model.js';
import { buildSystemRecord } from './systemRecord.js';

export interface InventoryOptions {
  organization: string;
  /** The directory's id source, so ids are unique across every kind of object. */
  newId: (at?: Date) => string;
  now: () => Date;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Inventory {
  private readonly systemsById = new Map<string, SimSystem>();
  private readonly groupsById = new Map<string, SimSystemGroup>();
  /** system group id → member system ids, in the order they were added */
  private readonly members = new Map<string, string[]>();

  constructor(private readonly options: InventoryOptions) {}

  has(id: string): boolean {
    return this.systemsById.has(id) || this.groupsById.has(id);
  }

  // ---- systems

  /** All systems in `_id` order (= enrolment order). */
  systems(): SimSystem[] {
    return [...this.systemsById.values()].sort((a, b) => byId(a._id, b._id));
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
    return system;
  }

  // ---- system groups

  systemGroups(): SimSystemGroup[] {
    return [...this.groupsById.values()].sort((a, b) => byId(a.id, b.id));
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
    this.members.set(id, []);
    return group;
  }

  /** System ids directly in the group, in the order they were added. */
  membersOf(groupId: string): string[] {
    return [...(this.members.get(groupId) ?? [])];
  }

  /** System group ids the system is in, in id order. */
  groupsOf(systemId: string): string[] {
    return this.systemGroups()
      .filter((group) => this.isMember(group.id, systemId))
      .map((group) => group.id);
  }

  isMember(groupId: string, systemId: string): boolean {
    return this.members.get(groupId)?.includes(systemId) ?? false;
  }

  /** Returns false when the system was already a member (the API answers 409 then). */
  addMember(groupId: string, systemId: string): boolean {
    const list = this.members.get(groupId);
    if (!list || !this.systemsById.has(systemId))
      throw new Error(`unknown system group ${groupId} or system ${systemId}`);
    if (list.includes(systemId)) return false;
    list.push(systemId);
    return true;
  }

  /** Returns false when the system was not a member (the API answers 404 then). */
  removeMember(groupId: string, systemId: string): boolean {
    const list = this.members.get(groupId);
    const index = list?.indexOf(systemId) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  snapshot(): {
    systems: SimSystem[];
    systemGroups: SimSystemGroup[];
    systemMembers: Record<string, string[]>;
  } {
    return structuredClone({
      systems: this.systems(),
      systemGroups: this.systemGroups(),
      systemMembers: Object.fromEntries(this.systemGroups().map((g) => [g.id, this.membersOf(g.id)])),
    });
  }
}
