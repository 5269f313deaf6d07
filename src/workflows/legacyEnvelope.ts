// The first protocol between the interpreter and the actions, kept only so that runs recorded under it still
// replay, and so that an activity scheduled by such a run and retried after an upgrade still runs: the run's
// context was spliced into the action's arguments under `$idflow`, and a dry run's effects into its result.
// New calls use src/workflows/actionContext.ts (patch `idflow-action-context`). Remove this file once no run
// started before that patch is open (`temporal workflow list --query 'ExecutionStatus="Running"'`).
import type { JsonValue } from '../common/json.js';
import type { ActionContext, DryRunEffect } from './actionContext.js';

export const LEGACY_ENVELOPE_KEY = '$idflow';

function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The old way to send the context: spliced into the arguments. */
export function spliceContext(input: JsonValue, context: ActionContext): JsonValue {
  if (!isObject(input)) return input;
  return { ...input, [LEGACY_ENVELOPE_KEY]: context as unknown as JsonValue };
}

/** Splits spliced arguments into the arguments and the context (undefined when none was spliced in). */
export function takeContext(raw: unknown): { input: unknown; context?: ActionContext } {
  if (!isObject(raw) || !(LEGACY_ENVELOPE_KEY in raw)) return { input: raw };
  const { [LEGACY_ENVELOPE_KEY]: context, ...input } = raw;
  return isObject(context) ? { input, context: context as unknown as ActionContext } : { input };
}

/** The old way to return a dry run's effects: spliced into the output (which must be an object). */
export function spliceEffects(output: unknown, effects: DryRunEffect[]): unknown {
  if (!isObject(output)) return output;
  return { ...output, [LEGACY_ENVELOPE_KEY]: { dryRun: { effects } } };
}

/** Splits a spliced result into the output and the dry run's effects. */
export function takeEffects(raw: JsonValue): { output: JsonValue; effects: DryRunEffect[] } {
  if (!isObject(raw) || !(LEGACY_ENVELOPE_KEY in raw)) return { output: raw, effects: [] };
  const { [LEGACY_ENVELOPE_KEY]: meta, ...output } = raw;
  const dry = isObject(meta) && isObject(meta.dryRun) ? meta.dryRun : undefined;
  return { output: output, effects: (dry?.effects as DryRunEffect[] | undefined) ?? [] };
}
