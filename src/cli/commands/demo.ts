// `idflow demo`: the whole stack on this machine, end to end, in one command. A real Temporal dev server,
// the JumpCloud simulator, a worker, and the access-request playbook approved through a Workflow Update.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { decide, startRun, waitForState } from '../../client/runs.js';
import { FIXTURE_USERS } from '../../simulator/seed.js';
import { startLocalStack } from '../../dev/localStack.js';
import { ExitCode } from '../exitCodes.js';
import { loadPlan } from '../playbookFiles.js';

interface DemoOptions {
  keep?: boolean;
  uiPort: string;
  seed: string;
}

const EXAMPLE = fileURLToPath(new URL('../../../examples/access-request.yaml', import.meta.url));
const TASK_QUEUE = 'idflow-demo';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run idflow end to end on this machine: Temporal dev server + JumpCloud simulator + worker + the access-request playbook.',
    )
    .option('--keep', 'keep everything running afterwards (explore the Temporal UI), until Ctrl-C')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--seed <n>', 'simulator directory seed', '7')
    .action(async (opts: DemoOptions) => {
      const say = (line: string): void => console.log(line);
      Runtime.install({ logger: new DefaultLogger('WARN') });

      say(
        '• Starting a Temporal dev server (real server, SQLite in memory), the JumpCloud simulator and a worker…',
      );
      const stack = await startLocalStack({
        taskQueue: TASK_QUEUE,
        uiPort: Number(opts.uiPort),
        simulator: { seed: Number(opts.seed), users: 60 },
        log: (l) => say(`  ${l}`),
      });
      const { server, sim } = stack;
      say(`  Temporal at ${server.address}; Web UI at ${server.uiUrl ?? '(off)'}`);
      say(`  JumpCloud simulator at ${sim.url} (${sim.directory.users().length} users, seed ${opts.seed})`);
      say(`  Worker polling task queue ${TASK_QUEUE}`);

      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection, namespace: server.namespace });
      let exitCode: number = ExitCode.ok;
      try {
        const plan = await loadPlan(EXAMPLE);
        say(`• Compiled ${plan.name} (plan ${plan.hash.slice(0, 12)}, ${plan.steps.length} steps)`);
        // A seeded engineer asks to join the Support group for an on-call rotation; their manager decides.
        const email = FIXTURE_USERS.engineer.email;
        const group = 'Support';
        const run = await startRun(client, {
          plan,
          inputs: { email, group, reason: 'joining the support on-call rotation' },
          trigger: { kind: 'cli', requestedBy: FIXTURE_USERS.helpDesk.email },
          taskQueue: TASK_QUEUE,
        });
        say(`• Started run ${run.workflowId}: ${email} asks to join "${group}"`);

        const waiting = await waitForState(client, run.workflowId, (s) =>
          s.approvals.some((a) => a.status === 'pending'),
        );
        const pending = waiting.approvals.find((a) => a.status === 'pending');
        const approver = pending?.approvers[0] ?? '';
        say(`• Waiting for approval "${pending?.title ?? ''}" from ${pending?.approvers.join(', ') ?? ''}`);

        const answer = await decide(client, run.workflowId, 'approve', {
          approver,
          comment: 'approved from idflow demo',
        });
        say(`• ${approver} approved through a Workflow Update → approval ${answer.status}`);

        const result = await run.handle.result();
        const description = await run.handle.describe();
        const adds = sim.audit().filter((a) => a.operation === 'usergroup.member.add');
        say(`• Run ${description.status.name}: outputs ${JSON.stringify(result.outputs)}`);
        for (const s of result.steps)
          say(`    ${s.status.padEnd(10)} ${s.id}${s.action ? ` (${s.action})` : ''}`);
        for (const m of stack.inbox.messages()) say(`• Chat message to ${m.to ?? m.channel}: ${m.text}`);
        say(`• Simulator audit: ${adds.length} add-member mutation(s)`);
        for (const a of adds) say(`    #${a.seq} ${a.method} ${a.path}`);
        say(
          `• See it in the Temporal UI: ${server.uiUrl ?? ''}/namespaces/${server.namespace}/workflows/${encodeURIComponent(run.workflowId)}`,
        );
        if (description.status.name !== 'COMPLETED' || adds.length !== 1 || result.outputs.granted !== true) {
          exitCode = ExitCode.runFailed;
          say('✗ The demo did not end as expected.');
        } else say('✓ Demo complete.');

        if (opts.keep) {
          say('Everything keeps running; press Ctrl-C to stop.');
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
        }
      } finally {
        await connection.close();
        await stack.stop();
      }
      process.exitCode = exitCode;
    });
}
