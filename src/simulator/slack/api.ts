// The Web API methods an approval flow uses, answering as Slack does: `{ok: true, …}` or
// `{ok: false, error}` (HTTP 200 either way), with the error codes Slack's spec lists for each method.
// Request and response shapes follow slack-web-openapi-v2.json (test/simulator/slack/conformance.test.ts
// holds every answer to it); where the spec is older than today's API the README facts win (see
// test/helpers/slackSpec.ts for each such place).
import { checkBlocks, type Block } from './blocks.js';
import { SlackMethodError, type StandInMessage, type StandInUser, type Workspace } from './workspace.js';

export type Params = Readonly<Record<string, unknown>>;
export type MethodResult = Record<string, unknown>;
type Method = (workspace: Workspace, params: Params) => MethodResult;

/** Slack truncates nothing: a longer `text` is refused. */
const MAX_TEXT = 40_000;

function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Slack reads `true`, `1` (and their JSON forms) as true. */
function bool(params: Params, name: string): boolean {
  const value = params[name];
  return value === true || value === 1 || value === 'true' || value === '1';
}

const normalized = (text: string): string => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

function avatar(size: number): string {
  return `https://a.slack-edge.com/80588/img/avatars/user_shapes/ava_0001-${size}.png`;
}

/** A user as users.info and users.lookupByEmail return it (the spec's `objs_user`). */
export function userJson(workspace: Workspace, user: StandInUser): MethodResult {
  const [first = '', ...rest] = user.realName.split(' ');
  const profile: MethodResult = {
    title: user.title,
    phone: '',
    skype: '',
    real_name: user.realName,
    real_name_normalized: normalized(user.realName),
    display_name: user.isBot ? '' : user.name,
    display_name_normalized: user.isBot ? '' : normalized(user.name),
    fields: null,
    status_text: '',
    status_emoji: '',
    status_expiration: 0,
    avatar_hash: 'g0000000000a',
    first_name: user.isBot ? null : first,
    last_name: user.isBot ? null : rest.join(' '),
    image_24: avatar(24),
    image_32: avatar(32),
    image_48: avatar(48),
    image_72: avatar(72),
    image_192: avatar(192),
    image_512: avatar(512),
    team: workspace.teamId,
  };
  // Bots have no e-mail: Slack leaves the field out (and users.lookupByEmail never finds them).
  if (user.email !== undefined) profile['email'] = user.email;
  if (user.isBot) {
    profile['bot_id'] = workspace.botId;
    profile['api_app_id'] = workspace.appId;
    profile['always_active'] = true;
  }
  return {
    id: user.id,
    team_id: workspace.teamId,
    name: user.name,
    deleted: user.deleted,
    color: '9f69e7',
    real_name: user.realName,
    tz: 'Etc/UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    profile,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: user.updated,
    has_2fa: false,
  };
}

/** A message as chat.postMessage returns it (the spec's `objs_message`). */
export function messageJson(workspace: Workspace, message: StandInMessage): MethodResult {
  return {
    type: 'message',
    user: message.user,
    bot_id: workspace.botId,
    text: message.text,
    ts: message.ts,
    team: workspace.teamId,
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    bot_profile: {
      id: workspace.botId,
      deleted: false,
      name: workspace.bot.name,
      updated: workspace.bot.updated,
      app_id: workspace.appId,
      icons: {
        image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
        image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
        image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
      },
      team_id: workspace.teamId,
    },
  };
}

/**
 * `blocks` as sent: an array in a JSON body, a JSON string in a form body. Undefined when absent.
 * `invalid_blocks_format` when it is not an array; `invalid_blocks` when Block Kit refuses it.
 */
export function readBlocks(params: Params): Block[] | undefined {
  let value = params['blocks'];
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new SlackMethodError('invalid_blocks_format', 'blocks is not JSON');
    }
  }
  if (!Array.isArray(value)) throw new SlackMethodError('invalid_blocks_format', 'blocks must be an array');
  const check = checkBlocks(value);
  if (!check.ok) throw new SlackMethodError('invalid_blocks', check.problems.join('; '));
  return check.blocks;
}

function readText(params: Params): string | undefined {
  const text = str(params, 'text');
  if (text !== undefined && text.length > MAX_TEXT)
    throw new SlackMethodError('msg_too_long', `text has ${text.length} characters`);
  return text;
}

const authTest: Method = (workspace) => ({
  url: `https://${workspace.teamDomain}.slack.com/`,
  team: workspace.teamName,
  user: workspace.bot.name,
  team_id: workspace.teamId,
  user_id: workspace.bot.id,
  bot_id: workspace.botId,
  is_enterprise_install: false,
});

const lookupByEmail: Method = (workspace, params) => {
  const email = str(params, 'email');
  const user = email === undefined ? undefined : workspace.userByEmail(email);
  // A deactivated account is not found by e-mail (users.info still shows it, marked deleted).
  if (user === undefined || user.deleted) throw new SlackMethodError('users_not_found', email ?? 'no email');
  return { user: userJson(workspace, user) };
};

const usersInfo: Method = (workspace, params) => {
  const id = str(params, 'user');
  const user = id === undefined ? undefined : workspace.user(id);
  // By id only: users.info does not take an e-mail.
  if (user === undefined || user.id !== id) throw new SlackMethodError('user_not_found', id ?? 'no user');
  return { user: userJson(workspace, user) };
};

const conversationsOpen: Method = (workspace, params) => {
  const channel = str(params, 'channel');
  const users = str(params, 'users');
  let opened;
  if (users !== undefined && users !== '') {
    const ids = users.split(',').map((id) => id.trim());
    // Group DMs (mpims) are not modelled: an approval goes to one person.
    if (ids.length > 1) throw new SlackMethodError('too_many_users', 'the stand-in opens 1:1 DMs only');
    const user = workspace.user(ids[0] ?? '');
    if (user === undefined || user.id !== ids[0] || user.isBot)
      throw new SlackMethodError('user_not_found', ids[0]);
    if (user.deleted) throw new SlackMethodError('user_disabled', user.id);
    opened = workspace.openIm(user);
  } else if (channel !== undefined && channel !== '') {
    const conversation = workspace.conversation(channel);
    if (conversation === undefined) throw new SlackMethodError('channel_not_found', channel);
    if (conversation.kind !== 'im')
      throw new SlackMethodError('method_not_supported_for_channel_type', channel);
    opened = { conversation, alreadyOpen: true };
  } else {
    throw new SlackMethodError('users_list_not_supplied');
  }
  const { conversation, alreadyOpen } = opened;
  const full = bool(params, 'return_im');
  return {
    ...(alreadyOpen ? { no_op: true, already_open: true } : {}),
    channel: full
      ? {
          id: conversation.id,
          created: String(conversation.created),
          is_im: true,
          is_open: true,
          user: conversation.user,
          unread_count: 0,
          unread_count_display: 0,
        }
      : { id: conversation.id },
  };
};

const postMessage: Method = (workspace, params) => {
  const channel = str(params, 'channel');
  if (channel === undefined || channel === '') throw new SlackMethodError('channel_not_found', 'no channel');
  const text = readText(params);
  const blocks = readBlocks(params);
  if ((text === undefined || text === '') && (blocks === undefined || blocks.length === 0))
    throw new SlackMethodError('no_text');
  const conversation = workspace.resolveTarget(channel);
  if (!conversation.members.has(workspace.bot.id))
    throw new SlackMethodError('not_in_channel', conversation.id);
  const message = workspace.post(conversation, { text: text ?? '', blocks });
  return { channel: conversation.id, ts: message.ts, message: messageJson(workspace, message) };
};

const update: Method = (workspace, params) => {
  const channel = str(params, 'channel');
  const ts = str(params, 'ts');
  // Only a conversation id: a user id (accepted by chat.postMessage) names no conversation here.
  if (channel === undefined || workspace.conversation(channel) === undefined)
    throw new SlackMethodError('channel_not_found', channel ?? 'no channel');
  const message = ts === undefined ? undefined : workspace.message(channel, ts);
  if (message === undefined || message.ephemeralTo !== undefined)
    throw new SlackMethodError('message_not_found', `${channel} ${ts ?? 'no ts'}`);
  if (message.user !== workspace.bot.id) throw new SlackMethodError('cant_update_message');
  const text = readText(params);
  const blocks = readBlocks(params);
  if (text === undefined && blocks === undefined) throw new SlackMethodError('no_text');
  // As documented: a field left out keeps the message's previous value.
  workspace.update(
    message,
    {
      text: text ?? message.text,
      blocks: blocks ?? message.blocks,
    },
    'chat.update',
  );
  return {
    channel,
    ts: message.ts,
    text: message.text,
    message: { text: message.text, ...(message.blocks !== undefined ? { blocks: message.blocks } : {}) },
  };
};

export interface MethodSpec {
  run: Method;
  /**
   * Whether a JSON body is read. Slack documents users.lookupByEmail and users.info as form-encoded only
   * (the spec's `consumes`), and ignores a JSON body's arguments there, so a client that sends JSON gets
   * `users_not_found` — a real Slack pitfall the stand-in keeps.
   */
  acceptsJson: boolean;
}

export const METHODS: Readonly<Record<string, MethodSpec>> = {
  'auth.test': { run: authTest, acceptsJson: true },
  'users.lookupByEmail': { run: lookupByEmail, acceptsJson: false },
  'users.info': { run: usersInfo, acceptsJson: false },
  'conversations.open': { run: conversationsOpen, acceptsJson: true },
  'chat.postMessage': { run: postMessage, acceptsJson: true },
  'chat.update': { run: update, acceptsJson: true },
};
