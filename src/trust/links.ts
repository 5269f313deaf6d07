// Signed approval links: a token names one approver's decision on one approval of one run, until an
// expiry, and carries a random nonce so every link minted is distinct. Nothing is stored: the signature
// proves the server minted it, and the run itself (the Workflow Update's validator) refuses a second,
// different decision, so a reused link cannot decide twice.
//
//   token = base64url(JSON {v, w: workflowId, s: stepId, a: approver, e: expiry (unix s), n: nonce})
//           "." base64url(HMAC-SHA256(key, "idflow-approval-link.v1." + first part))
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const DOMAIN = 'idflow-approval-link.v1.';
/** Tokens longer than this are refused before any work (a workflow id is at most a few hundred bytes). */
export const MAX_TOKEN_LENGTH = 4096;
/** Link-signing keys shorter than this are refused at start: the key is all that stands behind a link. */
export const MIN_KEY_LENGTH = 32;

export interface ApprovalClaim {
  workflowId: string;
  stepId: string;
  /** The approver's email, lower-cased. */
  approver: string;
  /** Expiry, milliseconds since the epoch (second precision). */
  expiresAt: number;
  nonce: string;
}

export type TokenCheck =
  | { ok: true; claim: ApprovalClaim }
  /** `invalid`: malformed or not signed by this key (the page does not say which). */
  | { ok: false; reason: 'invalid' }
  /** Authentic but past its expiry; the claim is returned so the page can say what it was for. */
  | { ok: false; reason: 'expired'; claim: ApprovalClaim };

function sign(key: string | Buffer, body: string): Buffer {
  return createHmac('sha256', key)
    .update(DOMAIN + body)
    .digest();
}

export function signApprovalToken(
  key: string | Buffer,
  claim: Omit<ApprovalClaim, 'nonce'> & { nonce?: string },
): string {
  const payload = {
    v: VERSION,
    w: claim.workflowId,
    s: claim.stepId,
    a: claim.approver.trim().toLowerCase(),
    e: Math.floor(claim.expiresAt / 1000),
    n: claim.nonce ?? randomBytes(12).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${sign(key, body).toString('base64url')}`;
}

function isClaimPayload(
  p: unknown,
): p is { v: number; w: string; s: string; a: string; e: number; n: string } {
  if (p === null || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return (
    o.v === VERSION &&
    typeof o.w === 'string' &&
    o.w !== '' &&
    typeof o.s === 'string' &&
    o.s !== '' &&
    typeof o.a === 'string' &&
    o.a !== '' &&
    typeof o.e === 'number' &&
    Number.isSafeInteger(o.e) &&
    typeof o.n === 'string'
  );
}

/** Checks the signature first (constant time), then the expiry against `nowMs`. */
export function verifyApprovalToken(
  key: string | Buffer,
  token: string,
  nowMs: number = Date.now(),
): TokenCheck {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (token.length > MAX_TOKEN_LENGTH) return invalid;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return invalid;
  const body = token.slice(0, dot);
  const sigText = token.slice(dot + 1);
  const given = Buffer.from(sigText, 'base64url');
  const expected = sign(key, body);
  // Node decodes base64url leniently (stray characters, spare low bits); only the canonical text counts.
  const comparable = given.length === expected.length && given.toString('base64url') === sigText;
  // Compare even when lengths differ (against itself) so that timing does not reveal the length check.
  if (!timingSafeEqual(comparable ? given : expected, expected) || !comparable) return invalid;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!isClaimPayload(payload)) return invalid;
  const claim: ApprovalClaim = {
    workflowId: payload.w,
    stepId: payload.s,
    approver: payload.a,
    expiresAt: payload.e * 1000,
    nonce: payload.n,
  };
  return nowMs >= claim.expiresAt ? { ok: false, reason: 'expired', claim } : { ok: true, claim };
}

export interface MintApprovalLinksOptions {
  /** The server's public URL (config `publicUrl`), e.g. https://idflow.example.com. */
  baseUrl: string;
  /** The link-signing key (config `approvals.signingKey`). */
  key: string | Buffer;
  workflowId: string;
  /** The approval's record key (ApprovalView.stepId). */
  stepId: string;
  approvers: readonly string[];
  /** How long the links stay valid. */
  ttlMs: number;
  /** The approval's own expiry (ApprovalView.expiresAt): links never outlive it. @default no cap */
  notAfter?: string | number;
  /** @default Date.now() */
  nowMs?: number;
}

export interface ApprovalLink {
  approver: string;
  url: string;
  expiresAt: string;
}

/**
 * One link per approver, for the "approval opened" notification. Callable from an activity (pure apart
 * from the random nonce): the lead's notify step passes the approval's view and the server's settings.
 */
export function mintApprovalLinks(options: MintApprovalLinksOptions): ApprovalLink[] {
  const now = options.nowMs ?? Date.now();
  const cap =
    options.notAfter === undefined
      ? Infinity
      : typeof options.notAfter === 'number'
        ? options.notAfter
        : Date.parse(options.notAfter);
  const expiresAt = Math.min(now + options.ttlMs, Number.isNaN(cap) ? Infinity : cap);
  const base = options.baseUrl.replace(/\/+$/, '');
  const seen = new Set<string>();
  const out: ApprovalLink[] = [];
  for (const raw of options.approvers) {
    const approver = raw.trim().toLowerCase();
    if (!approver || seen.has(approver)) continue;
    seen.add(approver);
    const token = signApprovalToken(options.key, {
      workflowId: options.workflowId,
      stepId: options.stepId,
      approver,
      expiresAt,
    });
    out.push({
      approver,
      url: `${base}/approve/${token}`,
      expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
    });
  }
  return out;
}
