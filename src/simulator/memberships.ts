// Direct group memberships, for user groups and device groups alike: each group's members in the order
// they were added (what JumpCloud keeps), a Set per group so "is a member" is O(1) in a 50k-user
// directory, a reverse index (member → groups), and an id-ordered view cached until the next change
// because list endpoints page through it many times.

/** Object ids compare as strings: they begin with a timestamp, so this is creation order. */
export const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Memberships {
  private readonly members = new Map<
    string,
    { order: string[]; set: Set<string>; sorted?: string[] | undefined }
  >();
  private readonly memberOf = new Map<string, Set<string>>();

  addGroup(groupId: string): void {
    this.members.set(groupId, { order: [], set: new Set() });
  }

  hasGroup(groupId: string): boolean {
    return this.members.has(groupId);
  }

  /** Member ids in the order they were added. */
  membersOf(groupId: string): string[] {
    return [...(this.members.get(groupId)?.order ?? [])];
  }

  /** Member ids in id order (the order the members list is served in). Do not modify. */
  sortedMembersOf(groupId: string): readonly string[] {
    const entry = this.members.get(groupId);
    if (!entry) return [];
    entry.sorted ??= [...entry.order].sort(byId);
    return entry.sorted;
  }

  /** Group ids the member is directly in, in id order. */
  groupsOf(memberId: string): string[] {
    return [...(this.memberOf.get(memberId) ?? [])].sort(byId);
  }

  isMember(groupId: string, memberId: string): boolean {
    return this.members.get(groupId)?.set.has(memberId) ?? false;
  }

  /** Returns false when it was already a member (the API answers 409 then); the group must exist. */
  add(groupId: string, memberId: string): boolean {
    const entry = this.members.get(groupId);
    if (!entry) throw new Error(`unknown group ${groupId}`);
    if (entry.set.has(memberId)) return false;
    entry.order.push(memberId);
    entry.set.add(memberId);
    entry.sorted = undefined;
    let groups = this.memberOf.get(memberId);
    if (!groups) {
      groups = new Set();
      this.memberOf.set(memberId, groups);
    }
    groups.add(groupId);
    return true;
  }

  /** Returns false when it was not a member (the API answers 404 then). */
  remove(groupId: string, memberId: string): boolean {
    const entry = this.members.get(groupId);
    if (!entry || !entry.set.has(memberId)) return false;
    entry.order.splice(entry.order.indexOf(memberId), 1);
    entry.set.delete(memberId);
    entry.sorted = undefined;
    this.memberOf.get(memberId)?.delete(groupId);
    return true;
  }

  /** Takes a deleted member out of every group. */
  removeMember(memberId: string): void {
    for (const groupId of this.groupsOf(memberId)) this.remove(groupId, memberId);
    this.memberOf.delete(memberId);
  }
}
