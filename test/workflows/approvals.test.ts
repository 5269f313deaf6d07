import { describe, expect, it } from 'vitest';
import { DecisionRefused, OpenApproval } from '../../src/workflows/approvals.js';

function approval(required = 1) {
  return new OpenApproval({
    stepId: 'approval',
    title: 't',
    approvers: ['Boss@Corp.test', 'deputy@corp.test', 'requester@corp.test'],
    unresolved: [],
    required,
    allowSelfApproval: false,
    excluded: { requester: 'requester@corp.test', subject: 'subject@corp.test' },
    openedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-04T00:00:00.000Z',
  });
}

describe('approval policy', () => {
  it('counts approvals up to the quorum, case-insensitively', () => {
    const a = approval(2);
    expect(a.record('approve', { approver: 'boss@corp.test' }, 't1')).toBe(true);
    expect(a.status).toBe('pending');
    expect(a.record('approve', { approver: 'DEPUTY@corp.test' }, 't2')).toBe(true);
    expect(a.status).toBe('approved');
  });

  it('refuses the requester even when listed, outsiders, changed minds and late decisions', () => {
    const a = approval();
    expect(() => a.check('approve', { approver: 'requester@corp.test' })).toThrow(/requested this run/);
    expect(() => a.check('approve', { approver: 'x@corp.test' })).toThrow(DecisionRefused);
    a.record('reject', { approver: 'boss@corp.test' }, 't1');
    expect(a.status).toBe('rejected');
    expect(() => a.check('approve', { approver: 'boss@corp.test' })).toThrow(/already decided/);
    expect(a.check('reject', { approver: 'boss@corp.test' })).toEqual({ repeat: true });
    expect(() => a.check('approve', { approver: 'deputy@corp.test' })).toThrow(/closed/);
  });
});
