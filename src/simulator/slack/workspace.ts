// The stand-in's workspace: one team, its people, the app's bot user, the conversations the bot is in (a
// direct message per person it has written to, and any seeded channels) and every message the bot posted,
// with each version an update or a response_url left behind. Tests read it through the stand-in's
// inspection API; the Web API handlers (api.ts) and the interactions (interactions.ts) change it.
import { buttonsOf, withIds, type Block, type Button } from './blocks.js';
import { MessageClock, slackId, unixSeconds } from './ids.js';

export interface SlackUserSeed {
  email: string;
  /** Full name, as the profile shows it. */
  realName: string;
  /** The handle (`name`, e.g. `jordan.lee`). @default the e-mail's local part */
  name?: string;
  /** @default derived from the e-mail, so the same person always gets the same id */
  id?: string;
  title?: string;
  /** A deactivated account: still found, marked `deleted`, cannot be written to. @default false */
  deleted?: boolean;
}

export interface SlackChannelSeed {
  /** Without the `#`. */
  name: string;
  /** @default derived from the name */
  id?: string;
  /** Who is in it, by user id or e-mail (the bot always is). @default everyone */
  members?: readonly string[];
}

export interface StandInUser {
  id: string;
  name: string;
  realName: string;
  /** Undefined for the bot. */
  email: string | undefined;
  title: string;
  deleted: boolean;
  isBot: boolean;
  /** Unix seconds of the last profile change (the stand-in's start). */
  updated: number;
}

export interface StandInConversation {
  id: string;
  kind: 'im' | 'channel';
  /** Channels only. */
  name: string | undefined;
  /** The person a direct message is with. */
  user: string | undefined;
  members: ReadonlySet<string>;
  created: number;
}

export interface MessageVersion {
  text: string;
  blocks: readonly Block[] | undefined;
  /** What changed it: the first post, chat.update, or a response_url. */
  by: 'chat.postMessage' | 'chat.update' | 'response_url';
  at: Date;
}

export interface StandInMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly Block[] | undefined;
  /** The bot user that posted it. */
  readonly user: string;
  /** Set for a response_url answer that only the person who pressed sees. */
  readonly ephemeralTo: string | undefined;
  readonly deleted: boolean;
  /** Oldest first; the last is the current text and blocks. */
  readonly versions: readonly MessageVersion[];
}

/** A failure a Web API method answers with `{ok: false, error}`; `detail` goes to the request log only. */
export class SlackMethodError extends Error {
  constructor(
    readonly error: string,
    readonly detail?: string,
  ) {
    super(detail === undefined ? error : `${error}: ${detail}`);
    this.name = 'SlackMethodError';
  }
}

export interface WorkspaceOptions {
  teamName: string;
  teamDomain: string;
  teamId: string;
  botName: string;
  appId: string;
  users: readonly SlackUserSeed[];
  channels: readonly SlackChannelSeed[];
  clock: () => Date;
}

const ID_PATTERN = /^[UW][A-Z0-9]{8,}$/;

export class Workspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botId: string;
  readonly bot: StandInUser;
  readonly messageClock: MessageClock;
  readonly #users = new Map<string, StandInUser>();
  readonly #byEmail = new Map<string, StandInUser>();
  readonly #conversations = new Map<string, StandInConversation>();
  readonly #messages: StandInMessage[] = [];

  constructor(options: WorkspaceOptions) {
    this.teamId = options.teamId;
    this.teamName = options.teamName;
    this.teamDomain = options.teamDomain;
    this.appId = options.appId;
    this.botId = slackId('B', `${options.teamId}:${options.appId}`);
    this.messageClock = new MessageClock(options.clock);
    const updated = unixSeconds(options.clock());
    this.bot = {
      id: slackId('U', `${options.teamId}:bot:${options.appId}`),
      name: options.botName,
      realName: options.botName,
      email: undefined,
      title: '',
      deleted: false,
      isBot: true,
      updated,
    };
    this.#users.set(this.bot.id, this.bot);
    for (const seed of options.users) this.#addUser(seed, updated);
    for (const seed of options.channels) this.#addChannel(seed, updated);
  }

  #addUser(seed: SlackUserSeed, updated: number): void {
    const email = seed.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email))
      throw new Error(`Slack stand-in: not an e-mail address: ${seed.email}`);
    if (this.#byEmail.has(email)) throw new Error(`Slack stand-in: two people with the e-mail ${email}`);
    const id = seed.id ?? slackId('U', `${this.teamId}:${email}`);
    if (!ID_PATTERN.test(id)) throw new Error(`Slack stand-in: ${id} is not a Slack user id (U… or W…)`);
    if (this.#users.has(id)) throw new Error(`Slack stand-in: two people with the id ${id}`);
    const user: StandInUser = {
      id,
      name: seed.name ?? email.split('@')[0] ?? email,
      realName: seed.realName,
      email,
      title: seed.title ?? '',
      deleted: seed.deleted ?? false,
      isBot: false,
      updated,
    };
    this.#users.set(id, user);
    this.#byEmail.set(email, user);
  }

  #addChannel(seed: SlackChannelSeed, created: number): void {
    const name = seed.name.replace(/^#/, '');
    const id = seed.id ?? slackId('C', `${this.teamId}:#${name}`);
    if (!/^C[A-Z0-9]{8,}$/.test(id)) throw new Error(`Slack stand-in: ${id} is not a channel id (C…)`);
    const members = new Set([this.bot.id]);
    const wanted = seed.members ?? this.people().map((user) => user.id);
    for (const member of wanted) {
      const user = this.user(member);
      if (user === undefined) throw new Error(`Slack stand-in: channel #${name}: unknown member ${member}`);
      members.add(user.id);
    }
    this.#conversations.set(id, { id, kind: 'channel', name, user: undefined, members, created });
  }

  /** Everyone but the bot, in the order given. */
  people(): StandInUser[] {
    return [...this.#users.values()].filter((user) => !user.isBot);
  }

  /** By Slack id or e-mail (any case). */
  user(idOrEmail: string): StandInUser | undefined {
    return this.#users.get(idOrEmail) ?? this.#byEmail.get(idOrEmail.trim().toLowerCase());
  }

  userByEmail(email: string): StandInUser | undefined {
    return this.#byEmail.get(email.trim().toLowerCase());
  }

  conversation(id: string): StandInConversation | undefined {
    return this.#conversations.get(id);
  }

  conversations(): StandInConversation[] {
    return [...this.#conversations.values()];
  }

  /** The bot's direct message with a person, opened on first use (as conversations.open does). */
  openIm(user: StandInUser): { conversation: StandInConversation; alreadyOpen: boolean } {
    const id = slackId('D', `${this.teamId}:${user.id}`);
    const existing = this.#conversations.get(id);
    if (existing) return { conversation: existing, alreadyOpen: true };
    const conversation: StandInConversation = {
      id,
      kind: 'im',
      name: undefined,
      user: user.id,
      members: new Set([this.bot.id, user.id]),
      created: unixSeconds(this.messageClock.now()),
    };
    this.#conversations.set(id, conversation);
    return { conversation, alreadyOpen: false };
  }

  /**
   * The conversation chat.postMessage means by `channel`: a conversation id (D…/C…), a person's id (their
   * direct message with the bot), or a channel name with or without `#`.
   */
  resolveTarget(channel: string): StandInConversation {
    const byId = this.#conversations.get(channel);
    if (byId) return byId;
    const user = /^[UW]/.test(channel) ? this.#users.get(channel) : undefined;
    if (user && !user.isBot) {
      if (user.deleted) throw new SlackMethodError('channel_not_found', `${user.id} is deactivated`);
      return this.openIm(user).conversation;
    }
    const name = channel.replace(/^#/, '');
    const named = [...this.#conversations.values()].find((c) => c.kind === 'channel' && c.name === name);
    if (named) return named;
    throw new SlackMethodError('channel_not_found', `no conversation ${channel}`);
  }

  post(
    conversation: StandInConversation,
    content: { text: string; blocks: readonly Block[] | undefined },
    how: { by: MessageVersion['by']; ephemeralTo?: string } = { by: 'chat.postMessage' },
  ): StandInMessage {
    const at = this.messageClock.now();
    const ts = this.messageClock.next();
    const blocks = content.blocks === undefined ? undefined : withIds(content.blocks, ts);
    const message: StandInMessage = {
      channel: conversation.id,
      ts,
      text: content.text,
      blocks,
      user: this.bot.id,
      ephemeralTo: how.ephemeralTo,
      deleted: false,
      versions: [{ text: content.text, blocks, by: how.by, at }],
    };
    this.#messages.push(message);
    return message;
  }

  message(channel: string, ts: string): StandInMessage | undefined {
    return this.#messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  }

  update(
    message: StandInMessage,
    content: { text: string; blocks: readonly Block[] | undefined },
    by: MessageVersion['by'],
  ): StandInMessage {
    const mutable = message as { -readonly [K in keyof StandInMessage]: StandInMessage[K] };
    // Block and action ids Slack makes up differ per version, as Slack's do.
    const tag = `${message.ts}v${message.versions.length}`;
    const blocks = content.blocks === undefined ? undefined : withIds(content.blocks, tag);
    mutable.text = content.text;
    mutable.blocks = blocks;
    mutable.versions = [...message.versions, { text: content.text, blocks, by, at: this.messageClock.now() }];
    return message;
  }

  remove(message: StandInMessage): void {
    (message as { deleted: boolean }).deleted = true;
  }

  /** Messages still shown, oldest first. */
  messages(): StandInMessage[] {
    return this.#messages.filter((m) => !m.deleted);
  }

  /** The button `actionId` of a message, with the block it sits in. */
  button(message: StandInMessage, actionId: string): { blockId: string; button: Button } | undefined {
    for (const block of message.blocks ?? []) {
      const button = buttonsOf(block).find((b) => b.action_id === actionId);
      if (button) return { blockId: block.block_id ?? '', button };
    }
    return undefined;
  }
}
