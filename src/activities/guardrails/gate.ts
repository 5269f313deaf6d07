// The last line of defence: every write one action call makes passes this gate before it is sent (or, in a
// dry run, recorded). It checks the write — its declared kind and targets — against the lists and the
// protected users, then reserves it against the caps in the ledger. The workflow cannot bypass it: it runs
// in the activity, on each write itself, whatever expression produced the arguments.
import { createHash } from 'node:crypto';
import type { LedgerClient } from './ledgerClient.js';
import {
  actionRefusedBy,
  capsFor,
  isProtected,
  OBJECT_KIND_NAMES,
  refusedBy,
  type Cap,
  type EffectiveGuardrails,
  type ObjectKind,
} from '../../guardrails/policy.js';
import type { RunRef } from '../../workflows/ledger.js';
import type { NamedTarget, TargetResolver } from './targets.js';
import { guardrailFailure, type GuardrailViolation } from '../../guardrails/violation.js';
import type { Write } from '../actionCall.js';
import { requestLine, type WriteTargets } from '../jumpcloud/writes.js';

export interface GateOptions {
  action: string;
  workflowId: string;
  activityId: string;
  playbook: string;
  /** The runs above this one (root first): their per-run and hourly counts include this write. */
  lineage: RunRef[];
  rules: EffectiveGuardrails;
  dryRun: boolean;
  /**
   * Undoing an earlier step. Counted against the same caps as any mutation — an undo is a change too, and a
   * Plan can name any action as one — so a refused undo leaves its step NOT undone, and the run says so.
   */
  compensation: boolean;
  /** Where caps are counted; a cap with no ledger refuses every write (fail closed). */
  ledger: LedgerClient | undefined;
  targets: TargetResolver;
}

/** Why every capped write is refused while the ledger has no counts: what happened, and what to do. */
export const LEDGER_RESTARTED =
  'the guardrail ledger was restarted; an operator must re-seed it: idflow ledger reseed';

/** What a cap counted, for the message: `2 mutations in run X and the runs it started`. */
function counted(cap: Cap, playbook: string): string {
  if (cap.scope === 'run')
    return cap.owner === undefined
      ? 'mutations in this run'
      : `mutations in run ${cap.owner} and the runs it started`;
  if (cap.scope === 'playbookHour')
    return `mutations by playbook ${cap.owner ?? playbook}${cap.owner === undefined ? '' : ' and its child runs'} in the last hour`;
  return 'mutations by every run in the last hour';
}

export class WriteGate {
  constructor(private readonly o: GateOptions) {}

  private refuse(v: Omit<GuardrailViolation, 'action' | 'dryRun'>, why: string): never {
    throw guardrailFailure(
      {
        ...v,
        action: this.o.action,
        ...(this.o.dryRun ? { dryRun: true } : {}),
        ...(this.o.compensation ? { compensation: true } : {}),
      },
      why,
    );
  }

  /** Before any I/O: may this playbook use this action at all? */
  checkAction(): void {
    const rule = actionRefusedBy(this.o.rules.actions, this.o.action);
    if (rule) this.refuse({ rule }, `the action is not allowed`);
  }

  /**
   * Checks one write against the lists and the protected users, then reserves it against the caps. Throws the
   * violation otherwise. A change outside JumpCloud (chat, HTTP) counts as one mutation per call.
   */
  async admit(w: Write): Promise<void> {
    if (w.kind === 'outside') return this.reserve('call');
    await this.checkUsers(w);
    for (const kind of ['userGroups', 'systemGroups', 'applications'] as const)
      await this.checkObjects(w, kind);
    await this.reserve(`${requestLine(w)} ${digest(w.body)}`);
  }

  private async checkUsers(write: WriteTargets): Promise<void> {
    const entries = this.o.rules.protectedUsers;
    if (entries.length === 0) return;
    for (const id of write.users) {
      const user = (await this.o.targets.user(id)) ?? { id, email: '', username: '' };
      const entry = isProtected(entries, user);
      if (entry !== undefined)
        this.refuse(
          { rule: 'protectedUsers', target: user.email || id },
          `${user.email || id} is a protected user (${entry}): automation never changes it`,
        );
    }
    if (write.creates?.kind === 'users' && isProtected(entries, { id: '', email: write.creates.name }))
      this.refuse(
        { rule: 'protectedUsers', target: write.creates.name },
        `${write.creates.name} is a protected user`,
      );
  }

  private async resolve(kind: ObjectKind, id: string): Promise<NamedTarget | undefined> {
    if (kind === 'userGroups') return this.o.targets.userGroup(id);
    if (kind === 'systemGroups') return this.o.targets.systemGroup(id);
    return this.o.targets.application(id);
  }

  private async checkObjects(write: WriteTargets, kind: ObjectKind): Promise<void> {
    const lists = this.o.rules.objects[kind];
    const adminCheck = kind === 'userGroups' && this.o.rules.denyAdminGroups;
    if (lists.length === 0 && !adminCheck) return;
    const what = OBJECT_KIND_NAMES[kind];
    for (const id of write[kind]) {
      const object = (await this.resolve(kind, id)) ?? { id, name: '' };
      const label = object.name ? `${what} "${object.name}"` : `${what} ${id}`;
      const refusal = refusedBy(lists, kind, object);
      if (refusal)
        this.refuse(
          { rule: refusal.rule, target: label },
          refusal.entry !== undefined
            ? `${label} matches "${refusal.entry}"`
            : `${label} is not on the allow-list`,
        );
      if (adminCheck && object.grantsAdmin)
        this.refuse(
          { rule: `userGroups.denyAdminGroups (${this.o.rules.origin})`, target: label },
          `${label} grants admin rights (sudo) on its devices`,
        );
    }
    const created = write.creates;
    if (created && created.kind === kind) {
      const refusal = refusedBy(lists, kind, { name: created.name });
      if (refusal)
        this.refuse({ rule: refusal.rule, target: created.name }, `creating ${what} "${created.name}"`);
    }
  }

  private async reserve(write: string): Promise<void> {
    const { rules, action, workflowId, playbook, ledger } = this.o;
    const caps = capsFor(rules.caps, action);
    if (caps.length === 0) return;
    const first = caps[0] as Cap;
    if (!ledger)
      this.refuse(
        { rule: first.rule, limit: first.limit, count: 0 },
        'caps apply but this worker has no guardrail ledger to count them',
      );
    // A dry run reserves too, in counts of its own (the ledger keeps them apart from the real ones), so its
    // concurrent iterations are counted as exactly as a real run's.
    const result = await ledger.reserve({
      key: `${workflowId}#${this.o.activityId}#${write}`,
      workflowId,
      playbook,
      action,
      caps,
      ...(this.o.lineage.length > 0 ? { lineage: this.o.lineage } : {}),
      ...(this.o.dryRun ? { dryRun: true } : {}),
    });
    if (result.granted) return;
    // Its counts were lost (the ledger was terminated): a cap it cannot count is a cap it cannot grant.
    if ('restarted' in result) this.refuse({ rule: 'ledger (restarted)' }, LEDGER_RESTARTED);
    this.refuse(
      { rule: result.cap.rule, limit: result.cap.limit, count: result.count },
      `${result.count} ${counted(result.cap, playbook)}`,
    );
  }
}

function digest(body: unknown): string {
  return body === undefined
    ? '-'
    : createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
}
