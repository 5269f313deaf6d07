// `idflow schedule apply <file>`: creates or updates the Temporal Schedules of a schedules file (each runs
// the directory sync with its scope and compliance rules). Every problem in the file, its rules files and
// the playbooks they start is printed as file:line:column before anything is applied.
import type { Command } from 'commander';
import { ConfigFileError } from '../../sync/config/diagnostics.js';
import { loadSchedules, type ScheduleDefinition } from '../../sync/config/schedules.js';
import { ExitCode, UserError } from '../../common/errors.js';
import { withTemporal } from '../temporalClient.js';

/** Loads a schedules file, turning its problems into one UserError (exit 2) listing them all. */
export function loadSchedulesOrExit(file: string): ScheduleDefinition[] {
  try {
    return loadSchedules(file);
  } catch (err) {
    if (err instanceof ConfigFileError) throw new UserError(err.message, ExitCode.invalid);
    throw err;
  }
}

function describeSpec(def: ScheduleDefinition): string {
  return 'everyMs' in def.spec
    ? `every ${def.spec.everyMs / 60_000} min`
    : `cron "${def.spec.cron}" ${def.spec.timezone}`;
}

export function registerSchedule(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('Manage the directory sync schedules.')
    .addHelpText('after', '\nExample:\n  idflow schedule apply examples/schedules.yaml');
  schedule
    .command('apply')
    .description(
      'Create or update the Temporal Schedules in a schedules file (overlapping runs are skipped).',
    )
    .argument('<file>', 'schedules file (see schemas/schedules.schema.json)')
    .option('--check', 'only check the file, its rules and playbooks; change nothing')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n  idflow schedule apply examples/schedules.yaml\n\nExit codes: 0 applied, 2 problems in the files, 1 Temporal unreachable.',
    )
    .action(async (file: string, opts: { check?: boolean; json?: boolean }) => {
      const defs = loadSchedulesOrExit(file);
      if (opts.check) {
        for (const def of defs) {
          console.log(
            `${def.id}: ${describeSpec(def)}, ${def.input.rules.length} rules, ${Object.keys(def.input.playbooks).length} playbooks — ok`,
          );
        }
        return;
      }
      await withTemporal(async ({ client, config }) => {
        const { applySchedules } = await import('../../client/schedules.js');
        const applied = await applySchedules(client, defs, config.taskQueue);
        if (opts.json) console.log(JSON.stringify(applied, null, 2));
        else {
          for (const a of applied) {
            const def = defs.find((d) => d.id === a.id);
            console.log(
              `${a.action} schedule ${a.id}${def ? ` (${describeSpec(def)}${def.paused ? ', paused' : ''})` : ''}`,
            );
          }
        }
      });
    });
}
