// A Slack stand-in for tests and `idflow dev`: the Web API methods an approval flow calls (auth.test,
// users.lookupByEmail, users.info, conversations.open, chat.postMessage, chat.update) answering as Slack's
// published spec says (test/simulator/slack/conformance.test.ts), a workspace of people seeded by e-mail
// (from the JumpCloud simulator's directory with slackUsersFromDirectory), every message the bot posts kept
// for tests to read, and button presses delivered to the app exactly as Slack delivers them: a signed,
// form-encoded `block_actions` payload with a working response_url. A page per person
// (/_standin/users/<id>) shows their messages in a browser and presses buttons as them.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { slackId } from './ids.js';
import {
  Interactions,
  type PressOptions,
  type PressResult,
  type StandInInteraction,
} from './interactions.js';
import { buildStandInServer, RateLimits, type RateLimitRule, type StandInRequest } from './server.js';
import {
  Workspace,
  type SlackChannelSeed,
  type SlackUserSeed,
  type StandInConversation,
  type StandInMessage,
  type StandInUser,
} from './workspace.js';

export type { Block, Button, TextObject } from './blocks.js';
export type { MrkdwnSegment } from './mrkdwn.js';
export { parseMrkdwn } from './mrkdwn.js';
export type { PressOptions, PressResult, SignatureMode, StandInInteraction } from './interactions.js';
export type { RateLimitRule, StandInRequest } from './server.js';
export type {
  MessageVersion,
  SlackChannelSeed,
  SlackUserSeed,
  StandInConversation,
  StandInMessage,
  StandInUser,
} from './workspace.js';
export { slackUserOf, slackUsersFromDirectory } from './seed.js';

export interface SlackStandInOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** The app's signing secret: presses are signed with it. */
  signingSecret: string;
  /** The bot token clients must send (`xoxb-…`). */
  botToken: string;
  /** The workspace's people. */
  users: readonly SlackUserSeed[];
  /** Channels besides the direct messages. @default none */
  channels?: readonly SlackChannelSeed[];
  /** The app's interactivity Request URL, where presses are POSTed; can be set later. @default none */
  interactionsUrl?: string;
  /** @default { name: 'Acme Robotics', domain: 'acme-robotics', id derived from the name } */
  team?: { id?: string; name?: string; domain?: string };
  /** The bot user's name. @default 'idflow' */
  botName?: string;
  /** The deprecated verification token Slack still puts in every payload. @default random */
  verificationToken?: string;
  /** Time for message timestamps, signatures and response URL expiry. @default the wall clock */
  clock?: () => Date;
}

export interface SlackStandIn {
  /** Root URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Base URL of the Web API (`<url>/api`), where `https://slack.com/api` would be. */
  apiUrl: string;
  teamId: string;
  appId: string;
  botUserId: string;
  botId: string;
  users(): readonly StandInUser[];
  /** By Slack id or e-mail. */
  user(idOrEmail: string): StandInUser | undefined;
  conversations(): readonly StandInConversation[];
  /** Messages still shown, oldest first; `channel` narrows to one conversation. */
  messages(filter?: { channel?: string }): readonly StandInMessage[];
  /** The messages of the bot's direct message with a person (id or e-mail), oldest first. */
  dms(idOrEmail: string): readonly StandInMessage[];
  message(channel: string, ts: string): StandInMessage | undefined;
  /** Every Web API call so far, oldest first. */
  requests(): readonly StandInRequest[];
  /** Every press sent so far, oldest first. */
  interactions(): readonly StandInInteraction[];
  /** Presses a button as a person: POSTs the signed payload to the interactions URL. */
  press(options: PressOptions): Promise<PressResult>;
  setInteractionsUrl(url: string | undefined): void;
  /** Answers the next matching calls with 429 `ratelimited` and a Retry-After. */
  injectRateLimit(rule?: RateLimitRule): void;
  /** The browser page of a person (id or e-mail). */
  pageUrl(idOrEmail: string): string;
  stop(): Promise<void>;
}

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  if (!/^xoxb-[\w-]+$/.test(options.botToken))
    throw new Error('Slack stand-in: botToken must be a bot token (xoxb-…)');
  if (options.signingSecret === '') throw new Error('Slack stand-in: signingSecret must not be empty');
  const teamName = options.team?.name ?? 'Acme Robotics';
  const teamId = options.team?.id ?? slackId('T', teamName);
  if (!/^T[A-Z0-9]{8,}$/.test(teamId)) throw new Error(`Slack stand-in: ${teamId} is not a team id (T…)`);
  const workspace = new Workspace({
    teamName,
    teamId,
    teamDomain: options.team?.domain ?? teamName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    botName: options.botName ?? 'idflow',
    appId: slackId('A', `${teamId}:app`),
    users: options.users,
    channels: options.channels ?? [],
    clock: options.clock ?? ((): Date => new Date()),
  });

  let url = '';
  let interactionsUrl = options.interactionsUrl;
  const interactions = new Interactions({
    workspace,
    signingSecret: options.signingSecret,
    verificationToken: options.verificationToken ?? randomBytes(12).toString('base64url'),
    baseUrl: () => url,
    interactionsUrl: () => interactionsUrl,
  });
  const requests: StandInRequest[] = [];
  const rateLimits = new RateLimits();
  const app = buildStandInServer({
    workspace,
    interactions,
    botToken: options.botToken,
    rateLimits,
    requests,
    csrf: randomBytes(18).toString('base64url'),
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  const person = (idOrEmail: string): StandInUser => {
    const user = workspace.user(idOrEmail);
    if (user === undefined || user.isBot) throw new Error(`no Slack user ${idOrEmail}`);
    return user;
  };

  return {
    url,
    apiUrl: `${url}/api`,
    teamId,
    appId: workspace.appId,
    botUserId: workspace.bot.id,
    botId: workspace.botId,
    users: () => workspace.people(),
    user: (idOrEmail) => workspace.user(idOrEmail),
    conversations: () => workspace.conversations(),
    messages: (filter = {}) =>
      workspace.messages().filter((m) => filter.channel === undefined || m.channel === filter.channel),
    dms: (idOrEmail) => {
      const user = person(idOrEmail);
      const im = workspace.conversations().find((c) => c.kind === 'im' && c.user === user.id);
      return im === undefined ? [] : workspace.messages().filter((m) => m.channel === im.id);
    },
    message: (channel, ts) => workspace.message(channel, ts),
    requests: () => [...requests],
    interactions: () => interactions.log(),
    press: (pressOptions) => interactions.press(pressOptions),
    setInteractionsUrl: (next) => {
      interactionsUrl = next;
    },
    injectRateLimit: (rule = {}) => rateLimits.add(rule),
    pageUrl: (idOrEmail) => `${url}/_standin/users/${person(idOrEmail).id}`,
    stop: () => app.close(),
  };
}
