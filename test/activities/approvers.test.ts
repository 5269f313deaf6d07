// idflow.resolveApprovers: group:<name> → active members' emails; emails pass through.
import { describe, expect, it } from 'vitest';
import { useActivities } from './harness.js';

const h = useActivities();

describe('idflow.resolveApprovers', () => {
  it("expands a group into its ACTIVATED members' emails, lower-cased and deduplicated", async () => {
    const out = await h.acts['idflow.resolveApprovers']({
      entries: ['group:IT Admins', 'Alex.Rivera@Example.com', ' priya.shah@example.com '],
    });
    expect(out).toEqual({ emails: [h.user('itManager').email, h.user('sysadmin').email], unresolved: [] });
  });

  it('leaves out staged and suspended members', async () => {
    const sales = h.sim.directory.groupByName('Sales')!;
    const suspended = h.user('suspended');
    expect(h.sim.directory.isMember(sales.id, suspended._id)).toBe(true);
    const out = await h.acts['idflow.resolveApprovers']({ entries: ['GROUP:Sales'] });
    expect(out.emails).not.toContain(suspended.email);
    expect(out.emails.length).toBeGreaterThan(0);
    expect(out.emails).toEqual([...out.emails].sort());
  });

  it('reports entries that yield nobody', async () => {
    h.sim.directory.addGroup({ name: 'Empty Committee' });
    const out = await h.acts['idflow.resolveApprovers']({
      entries: ['group:No Such Group', 'group:Empty Committee', '', 'dana.whitfield@example.com'],
    });
    expect(out).toEqual({
      emails: ['dana.whitfield@example.com'],
      unresolved: ['group:No Such Group', 'group:Empty Committee', ''],
    });
  });

  it('does not call JumpCloud for plain emails', async () => {
    const before = h.sim.requests().length;
    await h.acts['idflow.resolveApprovers']({ entries: ['a@example.com'] });
    expect(h.sim.requests().length).toBe(before);
  });
});
