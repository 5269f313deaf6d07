// The JumpCloud simulator's people as a Slack workspace: same e-mails, so an approver named by e-mail in a
// playbook is found by users.lookupByEmail, and a press maps back (users.info → profile.email) to the
// directory's person. As in a company that provisions Slack from its directory: a STAGED new hire has no
// Slack account yet, and a SUSPENDED person's account is deactivated.
import type { Directory } from '../directory.js';
import type { SimUser } from '../model.js';
import type { SlackUserSeed } from './workspace.js';

export function slackUserOf(user: SimUser): SlackUserSeed | undefined {
  if (user.state === 'STAGED') return undefined;
  const realName = [user.firstname, user.lastname].filter((part) => part !== '').join(' ') || user.username;
  return {
    email: user.email,
    realName,
    name: user.username,
    title: user.jobTitle,
    deleted: user.state === 'SUSPENDED',
  };
}

/** Everyone in the directory who would have a Slack account, in the directory's order. */
export function slackUsersFromDirectory(directory: Directory): SlackUserSeed[] {
  return directory.users().flatMap((user) => slackUserOf(user) ?? []);
}
