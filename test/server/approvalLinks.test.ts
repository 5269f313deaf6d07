// Approval link tokens: what they bind, what breaks them, and minting per-approver links.
import { describe, expect, it } from 'vitest';
import { mintApprovalLinks, signApprovalToken, verifyApprovalToken } from '../../src/trust/links.js';

const KEY = 'link-signing-key-for-tests-0123456789abcdef';
const NOW = Date.parse('2026-03-02T10:00:00Z');
const claim = {
  workflowId: 'access-request:jordan.lee@example.com:k1',
  stepId: 'approval',
  approver: 'Morgan.Chen@example.com',
  expiresAt: NOW + 3_600_000,
};

function flip(text: string, at: number): string {
  const c = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + c + text.slice(at + 1);
}

describe('approval link tokens', () => {
  it('round-trips the run, step, approver (lower-cased) and expiry', () => {
    const token = signApprovalToken(KEY, claim);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const check = verifyApprovalToken(KEY, token, NOW);
    expect(check).toMatchObject({
      ok: true,
      claim: {
        workflowId: claim.workflowId,
        stepId: 'approval',
        approver: 'morgan.chen@example.com',
        expiresAt: claim.expiresAt,
      },
    });
  });

  it('every link is distinct (nonce), and all verify', () => {
    const a = signApprovalToken(KEY, claim);
    const b = signApprovalToken(KEY, claim);
    expect(a).not.toBe(b);
    expect(verifyApprovalToken(KEY, b, NOW).ok).toBe(true);
  });

  it('refuses any changed character, in the claim or the signature', () => {
    const token = signApprovalToken(KEY, claim);
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      expect(verifyApprovalToken(KEY, flip(token, i), NOW), `changed at ${i}`).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('refuses a claim re-signed with another key, swapped claims, junk and oversized tokens', () => {
    const other = signApprovalToken('another-key-another-key-another-key-!!', claim);
    expect(verifyApprovalToken(KEY, other, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const mine = signApprovalToken(KEY, claim);
    const theirs = signApprovalToken(KEY, { ...claim, approver: 'alex.rivera@example.com' });
    const swapped = `${theirs.split('.')[0]}.${mine.split('.')[1]}`;
    expect(verifyApprovalToken(KEY, swapped, NOW)).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of ['', '.', 'abc', 'a.b.c', `${mine}x`, 'x'.repeat(5000)])
      expect(verifyApprovalToken(KEY, junk, NOW).ok).toBe(false);
  });

  it('an authentic token past its expiry is `expired` (and still says what it was for)', () => {
    const token = signApprovalToken(KEY, claim);
    expect(verifyApprovalToken(KEY, token, claim.expiresAt)).toMatchObject({
      ok: false,
      reason: 'expired',
      claim: { stepId: 'approval' },
    });
  });

  it('mints one link per distinct approver, capped at the approval’s own expiry', () => {
    const links = mintApprovalLinks({
      baseUrl: 'https://idflow.example.com/',
      key: KEY,
      workflowId: claim.workflowId,
      stepId: 'approval',
      approvers: ['morgan.chen@example.com', 'Alex.Rivera@example.com', 'MORGAN.CHEN@example.com'],
      ttlMs: 72 * 3_600_000,
      notAfter: '2026-03-02T12:00:00.000Z',
      nowMs: NOW,
    });
    expect(links.map((l) => l.approver)).toEqual(['morgan.chen@example.com', 'alex.rivera@example.com']);
    for (const l of links) {
      expect(l.url).toMatch(/^https:\/\/idflow\.example\.com\/approve\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(l.expiresAt).toBe('2026-03-02T12:00:00.000Z');
      const token = l.url.split('/approve/')[1] ?? '';
      expect(verifyApprovalToken(KEY, token, NOW)).toMatchObject({
        ok: true,
        claim: { approver: l.approver },
      });
    }
  });
});
