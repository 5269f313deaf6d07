import type { Command } from 'commander';
import { loadPlan } from '../playbookFiles.js';

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Compile a playbook and print its Plan (the JSON a run is pinned to).')
    .argument('<file>', 'playbook file')
    .addHelpText(
      'after',
      '\nExit codes: 0 printed, 2 the playbook has errors (listed on stderr), 1 internal error.',
    )
    .action(async (file: string) => {
      console.log(JSON.stringify(await loadPlan(file), null, 2));
    });
}
