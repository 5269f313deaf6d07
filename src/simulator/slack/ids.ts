// Slack's identifiers, shaped as Slack shapes them (and as the spec's patterns require): a type letter and
// upper-case alphanumerics (U… users, T… teams, D… direct messages, C… channels, B… bots, A… apps), and
// message timestamps `1234567890.123456` that are unique and increasing per workspace.
//
// Ids derive from a hash of what they name (an e-mail, a team name), so a stand-in restarted with the same
// people (e.g. `idflow dev` started again) hands out the same ids, and a test can predict them.
import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type SlackIdPrefix = 'U' | 'T' | 'D' | 'C' | 'B' | 'A';

/** `prefix` + `length` characters derived from `seed` (default 10: U0ABC12DEF-like, as Slack's are). */
export function slackId(prefix: SlackIdPrefix, seed: string, length = 10): string {
  const bytes = createHash('sha256').update(`${prefix}:${seed}`).digest();
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return out;
}

/** Message timestamps: the clock's time in microseconds, bumped by one when two messages share it. */
export class MessageClock {
  #lastMicros = 0;

  constructor(private readonly clock: () => Date) {}

  now(): Date {
    return this.clock();
  }

  next(): string {
    const micros = Math.max(this.clock().getTime() * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }
}

/** Unix seconds of a Date, as Slack's `created`/`updated` fields carry them. */
export const unixSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);
