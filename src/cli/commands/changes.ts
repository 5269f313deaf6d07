// `idflow changes --since …`: what changed in the directory (joiners, leavers, movers, state and group
// changes, devices), from the snapshots in the store, with who made each change when Directory Insights says.
import type { Command } from 'commander';
import { parseDuration } from '../../dsl/duration.js';
import { listChanges } from '../../store/changes.js';
import { openStore } from '../../store/open.js';
import { getSnapshot, listSnapshots } from '../../store/snapshots.js';
import type { SqlDatabase } from '../../store/types.js';
import { CHANGE_KINDS } from '../../sync/diff.js';
import { describeChange } from '../../sync/report/model.js';
import { readStoreLocation } from '../../worker/config.js';
import { UserError } from '../../common/errors.js';

/** Opens the store named by --store or IDFLOW_STORE. */
export async function openCliStore(override: string | undefined): Promise<SqlDatabase> {
  const problems: string[] = [];
  const location = readStoreLocation(
    override ? { ...process.env, IDFLOW_STORE: override } : process.env,
    problems,
  );
  if (problems.length > 0) throw new UserError(problems.join('\n'));
  return openStore(location);
}

/** `--since`: a duration back from now (7d), a date or time (2025-01-31), or a snapshot id (its time). */
async function sinceMs(db: SqlDatabase, since: string, now: number): Promise<number> {
  const duration = parseDuration(since);
  if (duration !== undefined) return now - duration;
  const snapshot = await getSnapshot(db, since);
  if (snapshot) return snapshot.startedAt;
  const at = Date.parse(since);
  if (!Number.isNaN(at)) return at;
  throw new UserError(`--since: not a duration (7d), a date (2025-01-31) or a snapshot id: "${since}"`);
}

export function registerChanges(program: Command): void {
  program
    .command('changes')
    .description(
      'List directory changes found by syncs since a time: joiners, leavers, movers, group and device changes.',
    )
    .option('--since <when>', 'a duration (7d, 24h), a date or time, or a snapshot id', '7d')
    .option(
      '--kind <kind>',
      'only this kind (repeatable), e.g. user.joined',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--store <url>', 'snapshot store (default: IDFLOW_STORE)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `\nKinds: ${CHANGE_KINDS.join(', ')}\n\nExamples:\n  idflow changes --since 24h\n  idflow changes --since 2026-11-01 --kind user.left --kind user.stateChanged --json\n\nExit codes: 0 listed, 2 bad arguments, 1 the store cannot be read.`,
    )
    .action(async (opts: { since: string; kind: string[]; store?: string; json?: boolean }) => {
      const unknown = opts.kind.filter((k) => !(CHANGE_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0)
        throw new UserError(`unknown --kind ${unknown.join(', ')}: one of ${CHANGE_KINDS.join(', ')}`);
      const db = await openCliStore(opts.store);
      try {
        const from = await sinceMs(db, opts.since, Date.now());
        const snapshots = (await listSnapshots(db, { since: from, status: 'complete' })).reverse();
        const changes = await listChanges(
          db,
          snapshots.map((s) => s.id),
          opts.kind.length > 0 ? { kinds: opts.kind } : {},
        );
        if (opts.json) {
          console.log(JSON.stringify(changes, null, 2));
          return;
        }
        if (changes.length === 0) {
          console.error(`no changes since ${new Date(from).toISOString()} (${snapshots.length} syncs)`);
          return;
        }
        const at = new Map(snapshots.map((s) => [s.id, new Date(s.startedAt).toISOString()]));
        for (const c of changes) {
          const who = c.actor ? `  by ${c.actor.email}` : '';
          console.log(
            `${at.get(c.snapshotId) ?? c.snapshotId}  ${c.kind.padEnd(20)} ${c.subjectName}  ${describeChange(c)}${who}`,
          );
        }
      } finally {
        await db.close();
      }
    });
}
