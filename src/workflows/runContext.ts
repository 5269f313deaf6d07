// What every action call of a run carries to its activity (the envelope: which run and playbook, its
// guardrails, whether an approval raised its caps, whether it is a dry run) and what comes back besides
// the output (a dry run's would-be changes). Shared by the interpreter and the saga; deterministic, since it
// only reads the run's input and what the activities returned.
import { workflowInfo } from '@temporalio/workflow';
import type { JsonValue } from '../dsl/plan.js';
import { ENVELOPE_KEY, takeMeta, type DryRunEffect, type RunEnvelope } from './runEnvelope.js';
import type { RunTracker } from './runTracker.js';
import type { DryRunMutation, RunPlaybookInput } from './types.js';

export class RunContext {
  /** A dry run's would-be changes so far, in the order their calls returned. */
  readonly effects: DryRunEffect[] = [];
  /** The same, with the step that would have made each: the run's dry-run report. */
  readonly mutations: DryRunMutation[] = [];

  constructor(
    readonly input: RunPlaybookInput,
    private readonly tracker: RunTracker,
  ) {}

  get dryRun(): boolean {
    return this.input.dryRun === true;
  }

  /** The playbook's `raise` approval was approved in this run (its record says so). */
  private raised(): boolean {
    const approval = this.input.plan.guardrails?.raise?.approval;
    if (approval === undefined) return false;
    for (const r of this.tracker.records.values()) {
      if (r.kind !== 'approval' || r.id !== approval || r.status !== 'succeeded') continue;
      const out = r.output;
      if (typeof out === 'object' && out !== null && !Array.isArray(out) && out.approved === true)
        return true;
    }
    return false;
  }

  /** The action input with the run's envelope; anything but an object (never, after compilation) as is. */
  withEnvelope(input: JsonValue, compensation: boolean): JsonValue {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const { plan } = this.input;
    const envelope: RunEnvelope = {
      workflowId: workflowInfo().workflowId,
      playbook: plan.name,
      planHash: plan.hash,
      ...(this.dryRun ? { dryRun: true, effects: [...this.effects] } : {}),
      ...(plan.guardrails ? { guardrails: plan.guardrails } : {}),
      ...(this.raised() ? { raised: true } : {}),
      ...(compensation ? { compensation: true } : {}),
    };
    return { ...input, [ENVELOPE_KEY]: envelope as unknown as JsonValue };
  }

  /** The output of an action call; a dry run's would-be changes are noted on the step's record. */
  takeResult(result: JsonValue, stepKey: string): JsonValue {
    const { output, meta } = takeMeta(result);
    const effects = meta?.dryRun?.effects ?? [];
    if (effects.length > 0) {
      this.effects.push(...effects);
      this.noteWouldDo(
        stepKey,
        effects.map((e) => e.text),
      );
      for (const e of effects)
        this.mutations.push({
          step: stepKey,
          action: e.action,
          text: e.text,
          op: e.op,
          ...(e.request !== undefined ? { request: e.request } : {}),
        });
    }
    return output;
  }

  /** Records what a dry run would have done (or asked, or waited for) at a step. */
  noteWouldDo(stepKey: string, texts: string[]): void {
    const record = this.tracker.get(stepKey);
    record.wouldDo = [...(record.wouldDo ?? []), ...texts];
  }
}
