// Button presses, as Slack delivers them to the app's interactivity Request URL: a form-encoded POST with
// one field, `payload`, holding a `block_actions` object, signed with the app's signing secret
// (`X-Slack-Request-Timestamp`, `X-Slack-Signature`). The presser is the stand-in's to choose, never the
// payload's reader's: that is what makes `user.id` an authenticated identity in real Slack.
//
// Every press carries a `response_url` the app may POST to (JSON) to replace, delete or answer the message,
// up to five times within thirty minutes, as Slack allows.
//
// A press can also be sent with a forged, stale, future-dated or missing signature, so tests can show the
// app refuses them.
import { randomBytes } from 'node:crypto';
import { signSlackRequest } from '../../trust/slackSignature.js';
import { messageJson, readBlocks } from './api.js';
import { unixSeconds } from './ids.js';
import { SlackMethodError, type StandInMessage, type Workspace } from './workspace.js';

/**
 * How a press is signed. `valid`: as Slack signs. `forged`: a signature made with another secret. `stale` /
 * `future`: correctly signed, but ten minutes before / after now (outside Slack's five-minute window).
 * `missing`: no signature headers.
 */
export type SignatureMode = 'valid' | 'forged' | 'stale' | 'future' | 'missing';

export interface PressOptions {
  /** Who presses: a Slack user id or e-mail. They must be able to see the message. */
  as: string;
  channel: string;
  ts: string;
  /** The button's `action_id`. */
  actionId: string;
  /** @default 'valid' */
  signature?: SignatureMode;
}

export interface PressResult {
  /** The app's HTTP answer. */
  status: number;
  body: string;
  /** The `block_actions` object sent. */
  payload: Record<string, unknown>;
  responseUrl: string;
}

export interface StandInInteraction {
  at: Date;
  user: string;
  channel: string;
  ts: string;
  actionId: string;
  value: string | undefined;
  signature: SignatureMode;
  /** The app's HTTP answer, or undefined when it could not be reached. */
  status: number | undefined;
}

/** What a response_url answers: the HTTP status and Slack's JSON. */
export interface HookAnswer {
  status: number;
  body: { ok: boolean; error?: string };
}

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** How far outside the five-minute window `stale` and `future` put the timestamp. */
const SKEW_SECONDS = 10 * 60;

interface ResponseUrlGrant {
  channel: string;
  ts: string;
  user: string;
  issuedAt: number;
  uses: number;
}

export interface InteractionsOptions {
  workspace: Workspace;
  signingSecret: string;
  verificationToken: string;
  /** Root URL of the stand-in, for response URLs. */
  baseUrl: () => string;
  interactionsUrl: () => string | undefined;
}

export class Interactions {
  readonly #options: InteractionsOptions;
  readonly #grants = new Map<string, ResponseUrlGrant>();
  readonly #log: StandInInteraction[] = [];
  #sequence = 0;

  constructor(options: InteractionsOptions) {
    this.#options = options;
  }

  log(): readonly StandInInteraction[] {
    return [...this.#log];
  }

  #visibleMessage(userId: string, channel: string, ts: string): StandInMessage {
    const { workspace } = this.#options;
    const conversation = workspace.conversation(channel);
    const message = workspace.message(channel, ts);
    if (conversation === undefined || message === undefined) throw new Error(`no message ${channel} ${ts}`);
    if (!conversation.members.has(userId))
      throw new Error(`${userId} is not in ${channel} and cannot see it`);
    if (message.ephemeralTo !== undefined && message.ephemeralTo !== userId)
      throw new Error(`message ${ts} is only visible to ${message.ephemeralTo}`);
    return message;
  }

  async press(options: PressOptions): Promise<PressResult> {
    const { workspace } = this.#options;
    const user = workspace.user(options.as);
    if (user === undefined || user.isBot) throw new Error(`no Slack user ${options.as}`);
    if (user.deleted) throw new Error(`${user.id} is deactivated and cannot press anything`);
    const message = this.#visibleMessage(user.id, options.channel, options.ts);
    const found = workspace.button(message, options.actionId);
    if (found === undefined) throw new Error(`message ${options.ts} has no button ${options.actionId}`);
    const url = this.#options.interactionsUrl();
    if (url === undefined) throw new Error('no interactions URL: set one with setInteractionsUrl');

    const now = workspace.messageClock.now();
    this.#sequence += 1;
    const token = randomBytes(18).toString('base64url');
    const responseUrl = `${this.#options.baseUrl()}/actions/${workspace.teamId}/${this.#sequence}/${token}`;
    this.#grants.set(token, {
      channel: message.channel,
      ts: message.ts,
      user: user.id,
      issuedAt: now.getTime(),
      uses: 0,
    });
    const conversation = workspace.conversation(message.channel);
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: workspace.teamId },
      api_app_id: workspace.appId,
      token: this.#options.verificationToken,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: message.ephemeralTo !== undefined,
      },
      trigger_id: `${this.#sequence}${unixSeconds(now)}.${workspace.teamId.slice(1)}.${randomBytes(16).toString('hex')}`,
      team: { id: workspace.teamId, domain: workspace.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      channel: {
        id: message.channel,
        name: conversation?.kind === 'im' ? 'directmessage' : conversation?.name,
      },
      message: messageJson(workspace, message),
      state: { values: {} },
      response_url: responseUrl,
      actions: [
        {
          action_id: options.actionId,
          block_id: found.blockId,
          text: found.button.text,
          ...(found.button.value !== undefined ? { value: found.button.value } : {}),
          ...(found.button.style !== undefined ? { style: found.button.style } : {}),
          type: 'button',
          action_ts: workspace.messageClock.next(),
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const mode = options.signature ?? 'valid';
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...this.#signatureHeaders(mode, unixSeconds(now), body),
    };

    const entry: StandInInteraction = {
      at: now,
      user: user.id,
      channel: message.channel,
      ts: message.ts,
      actionId: options.actionId,
      value: found.button.value,
      signature: mode,
      status: undefined,
    };
    this.#log.push(entry);
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    (entry as { status: number | undefined }).status = response.status;
    return { status: response.status, body: text, payload, responseUrl };
  }

  #signatureHeaders(mode: SignatureMode, now: number, body: string): Record<string, string> {
    if (mode === 'missing') return {};
    const timestamp = mode === 'stale' ? now - SKEW_SECONDS : mode === 'future' ? now + SKEW_SECONDS : now;
    const secret =
      mode === 'forged' ? `forged-${randomBytes(16).toString('hex')}` : this.#options.signingSecret;
    return {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
    };
  }

  /**
   * A POST to a response_url: `delete_original`, `replace_original` (text and blocks become the message's),
   * or a new message — visible to the presser only unless `response_type` is `in_channel`.
   */
  respond(token: string, body: unknown): HookAnswer {
    const { workspace } = this.#options;
    const grant = this.#grants.get(token);
    const now = workspace.messageClock.now().getTime();
    if (
      grant === undefined ||
      grant.uses >= RESPONSE_URL_USES ||
      now - grant.issuedAt > RESPONSE_URL_LIFETIME_MS
    )
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    const params = body as Record<string, unknown>;
    let blocks;
    try {
      blocks = readBlocks(params);
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      return { status: 400, body: { ok: false, error: error.error } };
    }
    const text = typeof params['text'] === 'string' ? params['text'] : undefined;
    const original = workspace.message(grant.channel, grant.ts);
    if (params['delete_original'] === true) {
      if (original) workspace.remove(original);
    } else if (params['replace_original'] === true) {
      if (original === undefined) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      workspace.update(original, { text: text ?? '', blocks }, 'response_url');
    } else {
      if (text === undefined && blocks === undefined)
        return { status: 400, body: { ok: false, error: 'no_text' } };
      const conversation = workspace.conversation(grant.channel);
      if (conversation === undefined) return { status: 404, body: { ok: false, error: 'channel_not_found' } };
      workspace.post(
        conversation,
        { text: text ?? '', blocks },
        {
          by: 'response_url',
          ...(params['response_type'] === 'in_channel' ? {} : { ephemeralTo: grant.user }),
        },
      );
    }
    grant.uses += 1;
    return { status: 200, body: { ok: true } };
  }
}
