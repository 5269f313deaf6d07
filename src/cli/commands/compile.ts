import type { Command } from 'commander';
import { loadPlan } from '../playbookFiles.js';

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Compile a playbook and print its Plan (the JSON a run is pinned to).')
    .argument('<file>', 'playbook file')
    .action(async (file: string) => {
      console.log(JSON.stringify(await loadPlan(file), null, 2));
    });
}
