// `idflow demo`: the whole stack on this machine, end to end, in one command — a real Temporal dev server,
// the JumpCloud simulator, a worker and the HTTP server — and one story: a seeded engineer asks to join a
// group, their manager gets a chat message with a signed link, "clicks" approve on the page, the run adds
// the membership and tells the requester. It ends by checking what the directory shows.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { startRun, waitForState } from '../../client/runs.js';
import { workflowBundleFromEnv } from '../../client/connection.js';
import { startLocalStack } from '../../dev/localStack.js';
import { FIXTURE_USERS } from '../../simulator/seed.js';
import { ExitCode } from '../../common/errors.js';
import { loadPlan } from '../playbookFiles.js';

interface DemoOptions {
  keep?: boolean;
  uiPort: string;
  seed: string;
  dataDir: string;
}

const EXAMPLE = fileURLToPath(new URL('../../../examples/access-request.yaml', import.meta.url));
const TASK_QUEUE = 'idflow-demo';

function shorten(url: string): string {
  return url.length > 72 ? `${url.slice(0, 60)}…${url.slice(-8)}` : url;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run idflow end to end on this machine: Temporal dev server + JumpCloud simulator + worker + HTTP server + the access-request playbook.',
    )
    .option('--keep', 'keep everything running afterwards (explore the Temporal UI), until Ctrl-C')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--seed <n>', 'simulator directory seed', '7')
    .option('--data-dir <dir>', 'where the dev config (server.yaml, secrets.json) is kept', '.idflow')
    .addHelpText(
      'after',
      '\nExamples:\n  idflow demo\n  idflow demo --keep     # then open the Temporal UI it prints\n\nExit codes: 0 the demo ended as expected, 3 it did not, 1 the stack could not start.',
    )
    .action(async (opts: DemoOptions) => {
      const say = (line: string): void => console.log(line);
      Runtime.install({ logger: new DefaultLogger('WARN') });

      say(
        '• Starting a Temporal dev server (real server, SQLite in memory), the JumpCloud simulator, a worker and the HTTP server…',
      );
      const stack = await startLocalStack({
        taskQueue: TASK_QUEUE,
        dataDir: opts.dataDir,
        uiPort: Number(opts.uiPort),
        simulator: { seed: Number(opts.seed), users: 60 },
        log: (l) => say(`  ${l}`),
        ...workflowBundleFromEnv(),
      });
      const { temporal, sim, client } = stack;
      say(`  Temporal at ${temporal.address}; Web UI at ${temporal.uiUrl ?? '(off)'}`);
      say(`  JumpCloud simulator at ${sim.url} (${sim.directory.users().length} users, seed ${opts.seed})`);
      say(`  idflow HTTP server at ${stack.httpUrl}; worker on task queue ${TASK_QUEUE}`);

      let exitCode: number = ExitCode.ok;
      try {
        const plan = await loadPlan(EXAMPLE);
        say(`• Compiled ${plan.name} (plan ${plan.hash.slice(0, 12)}, ${plan.steps.length} steps)`);
        const email = FIXTURE_USERS.engineer.email;
        const group = 'Support';
        const run = await startRun(client, {
          plan,
          inputs: { email, group, reason: 'joining the support on-call rotation' },
          trigger: { kind: 'cli', requestedBy: FIXTURE_USERS.helpDesk.email },
          taskQueue: TASK_QUEUE,
          // Payloads are encrypted: the run's id and search attribute name the subject by a pseudonym.
          ...(stack.encryption ? { subjects: stack.encryption } : {}),
        });
        say(
          `• Started run ${run.workflowId}: ${email} asks to join "${group}" (requested by ${FIXTURE_USERS.helpDesk.email})`,
        );

        const waiting = await waitForState(
          client,
          run.workflowId,
          (s) => s.approvals.some((a) => a.announcement?.startsWith('sent') === true),
          60_000,
        );
        const pending = waiting.approvals[0];
        const approver = pending?.approvers[0] ?? '';
        const message = stack.inbox.messages().find((m) => m.channel === 'approvals');
        const link = new RegExp(`${approver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\S+)`).exec(
          message?.text ?? '',
        )?.[1];
        say(
          `• The run waits for "${pending?.title ?? ''}"; ${approver} got a chat message with a signed link:`,
        );
        say(`    ${link ? shorten(link) : '(no link found)'}`);
        if (!link) throw new Error('the approval message carried no link');

        const page = await fetch(link);
        const answer = await fetch(link, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            decision: 'approve',
            comment: 'approved from the idflow demo',
          }).toString(),
        });
        say(
          `• ${approver} opened the page (${page.status}) and clicked Approve (${answer.status}): the server sent the Workflow Update`,
        );

        const result = await run.handle.result();
        const description = await run.handle.describe();
        const adds = sim.audit().filter((a) => a.operation === 'usergroup.member.add');
        say(`• Run ${description.status.name}: outputs ${JSON.stringify(result.outputs)}`);
        for (const s of result.steps)
          say(`    ${s.status.padEnd(10)} ${s.key}${s.action ? ` (${s.action})` : ''}`);
        for (const m of stack.inbox.messages().filter((x) => x.channel !== 'approvals'))
          say(`• Chat message to ${m.to ?? m.channel}: ${m.text}`);
        say(`• Simulator audit: ${adds.length} add-member mutation(s)`);
        for (const a of adds) say(`    #${a.seq} ${a.method} ${a.path}`);
        say(
          `• See it in the Temporal UI: ${temporal.uiUrl ?? ''}/namespaces/${temporal.namespace}/workflows/${encodeURIComponent(run.workflowId)}`,
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
        await stack.stop();
      }
      process.exitCode = exitCode;
    });
}
