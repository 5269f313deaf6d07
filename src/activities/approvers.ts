// idflow.resolveApprovers: the interpreter's internal activity (not a catalog action) that turns an
// approval's `approvers` into emails. `group:<user group name>` becomes the lower-cased emails of the
// group's ACTIVATED members (staged and suspended people cannot approve); anything else is an email,
// passed through lower-cased. Duplicates go. An entry that yields nobody — an unknown group, a group with
// no active member, an empty entry — is listed in `unresolved`, so the workflow can say why an approval
// has fewer approvers than expected.
import type { JumpCloudClient } from './jumpcloud/client.js';
import { withActivityFailures } from './jumpcloud/failures.js';
import { GroupDirectory } from './jumpcloud/groups.js';
import { UserDirectory } from './jumpcloud/userDirectory.js';

export interface ResolveApproversInput {
  /** Emails, or `group:<user group name>` (the prefix is case-insensitive, the name is exact). */
  entries: string[];
}

export interface ResolveApproversOutput {
  /** Lower-cased, deduplicated, in the order the entries gave them. */
  emails: string[];
  /** The entries that yielded no email. */
  unresolved: string[];
}

export const RESOLVE_APPROVERS = 'idflow.resolveApprovers';

const GROUP_PREFIX = /^group:/i;

export function createApproverActivities(client: JumpCloudClient): {
  [RESOLVE_APPROVERS]: (input: ResolveApproversInput) => Promise<ResolveApproversOutput>;
} {
  const groups = new GroupDirectory(client);
  const users = new UserDirectory(client);

  async function activeMemberEmails(name: string): Promise<string[]> {
    const group = await groups.byName(name);
    if (!group?.id) return [];
    const members = await users.byIds(await groups.memberIds(group.id));
    return [...members.values()]
      .filter((u) => u.state === 'ACTIVATED' || (u.state === undefined && u.suspended === false))
      .map((u) => (u.email ?? '').trim().toLowerCase())
      .filter((email) => email !== '')
      .sort();
  }

  return {
    [RESOLVE_APPROVERS]: ({ entries }) =>
      withActivityFailures(async () => {
        const emails = new Set<string>();
        const unresolved: string[] = [];
        for (const entry of entries) {
          const trimmed = entry.trim();
          const found = GROUP_PREFIX.test(trimmed)
            ? await activeMemberEmails(trimmed.replace(GROUP_PREFIX, '').trim())
            : trimmed === ''
              ? []
              : [trimmed.toLowerCase()];
          if (found.length === 0) unresolved.push(entry);
          for (const email of found) emails.add(email);
        }
        return { emails: [...emails], unresolved };
      }),
  };
}
