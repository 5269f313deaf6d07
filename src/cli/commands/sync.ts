// `idflow sync --now`: runs the directory sync now — by triggering its schedule (overlap SKIP, as when the
// schedule fires), or straight from a schedules file without a schedule — and with --wait prints what it
// found.
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { DirectorySyncResult } from '../../sync/types.js';
import { ExitCode, UserError } from '../../common/errors.js';
import { withTemporal } from '../temporalClient.js';
import { loadSchedulesOrExit } from './schedule.js';

function summary(workflowId: string, r: DirectorySyncResult): string {
  const changes = Object.entries(r.changes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `${workflowId}: snapshot ${r.snapshotId}${r.previousSnapshotId ? ` (previous ${r.previousSnapshotId})` : ' (first)'}`,
    `  read: ${Object.entries(r.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  changes: ${changes || 'none'}`,
    `  findings: ${r.findings.map((f) => `${f.rule} ${f.findings}`).join(', ') || 'no rules'}`,
    `  playbook runs: ${r.playbookRuns.started} started, ${r.playbookRuns.existing} already running or done, ${r.playbookRuns.failed} failed`,
  ].join('\n');
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description(
      'Run the directory sync now: snapshot, changes, compliance findings, playbooks for findings.',
    )
    .option('--now', 'start a sync now (required)')
    .option(
      '--schedule <id>',
      'the schedule to trigger (or, with --file, the schedule in the file)',
      'directory-sync',
    )
    .option('--file <schedules.yaml>', 'start the sync a schedules file describes, without a schedule')
    .option('--wait', 'wait for the sync to finish and print its summary')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  idflow sync --now --wait                      # trigger schedule "directory-sync"\n  idflow sync --now --file examples/schedules.yaml --wait\n\nExit codes: 0 started (or finished), 2 bad arguments or files, 3 the sync failed, 1 Temporal unreachable.',
    )
    .action(
      async (opts: { now?: boolean; schedule: string; file?: string; wait?: boolean; json?: boolean }) => {
        if (!opts.now)
          throw new UserError('idflow sync: say --now (scheduled syncs run through `idflow schedule apply`)');
        const def = opts.file
          ? (() => {
              const defs = loadSchedulesOrExit(opts.file);
              const found =
                opts.schedule === 'directory-sync' && !defs.some((d) => d.id === opts.schedule)
                  ? defs[0]
                  : defs.find((d) => d.id === opts.schedule);
              if (!found) throw new UserError(`${opts.file}: no schedule ${opts.schedule}`);
              return found;
            })()
          : undefined;
        await withTemporal(async ({ client, config }) => {
          const { NoSuchScheduleError, SYNC_WORKFLOW_TYPE, triggerSchedule } =
            await import('../../client/schedules.js');
          let workflowId: string;
          if (def) {
            workflowId = `directory-sync:${def.id}:manual-${new Date().toISOString().replace(/[-:.]/g, '')}`;
            await client.workflow.start(SYNC_WORKFLOW_TYPE, {
              args: [{ ...def.input, source: `manual:${def.id}` }],
              taskQueue: config.taskQueue,
              workflowId,
            });
          } else {
            try {
              const handle = await triggerSchedule(client, opts.schedule);
              workflowId = handle.workflowId;
              if (handle.skipped && !opts.json)
                console.error(`a sync of ${opts.schedule} is already running: not starting another`);
            } catch (err) {
              if (err instanceof NoSuchScheduleError) throw new UserError(err.message);
              throw err;
            }
          }
          if (!opts.wait) {
            console.log(opts.json ? JSON.stringify({ workflowId }) : `started ${workflowId}`);
            return;
          }
          try {
            const result = (await client.workflow.getHandle(workflowId).result()) as DirectorySyncResult;
            console.log(
              opts.json ? JSON.stringify({ workflowId, ...result }, null, 2) : summary(workflowId, result),
            );
          } catch (err) {
            if (!(err instanceof WorkflowFailedError)) throw err;
            const message = err.cause?.message ?? err.message;
            console.log(
              opts.json
                ? JSON.stringify({ workflowId, status: 'FAILED', error: message })
                : `${workflowId} FAILED: ${message}`,
            );
            process.exitCode = ExitCode.runFailed;
          }
        });
      },
    );
}
