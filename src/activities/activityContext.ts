// The bits of Temporal's activity context our activities use, safe to call outside an activity too (unit
// tests and scripts call the implementations directly): then there is nothing to heartbeat to and
// nothing can cancel us.
import { Context } from '@temporalio/activity';

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    // "Activity context not initialized": called outside an activity.
    return undefined;
  }
}

/** Heartbeats (with optional progress details) when running as an activity; a no-op otherwise. */
export function heartbeat(details?: unknown): void {
  current()?.heartbeat(details);
}

/** The activity's cancellation signal, or undefined outside an activity. */
export function cancellationSignal(): AbortSignal | undefined {
  return current()?.cancellationSignal;
}

/**
 * Paging options for a long listing: heartbeat after every page (so a dead worker is noticed within the
 * heartbeat timeout) and stop when the activity is cancelled.
 */
export function listing(what: string): { onPage: (info: { page: number }) => void; signal?: AbortSignal } {
  const signal = cancellationSignal();
  return {
    onPage: ({ page }) => heartbeat({ what, page }),
    ...(signal ? { signal } : {}),
  };
}
