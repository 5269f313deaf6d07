// `idflow dev`: the embedded default, kept running — a Temporal dev server with its Web UI (state kept in
// .idflow/), the JumpCloud simulator seeded with a realistic directory, and a worker — plus copy-paste
// commands to try from another terminal. Ctrl-C stops everything.
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { startLocalStack } from '../../dev/localStack.js';
import { FIXTURE_USERS } from '../../simulator/seed.js';

interface DevOptions {
  temporalPort: string;
  uiPort: string;
  simulatorPort: string;
  users: string;
  seed: string;
  dataDir: string;
  taskQueue: string;
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'Run the whole stack locally until Ctrl-C: Temporal dev server + Web UI, JumpCloud simulator, worker.',
    )
    .option('--temporal-port <port>', 'Temporal gRPC port', '7233')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--simulator-port <port>', 'JumpCloud simulator port', '8089')
    .option('--users <n>', 'users in the simulated directory', '120')
    .option('--seed <n>', 'seed of the simulated directory', '7')
    .option('--data-dir <dir>', 'where Temporal keeps its SQLite state', '.idflow')
    .option('--task-queue <name>', 'task queue', 'idflow')
    .action(async (opts: DevOptions) => {
      Runtime.install({ logger: new DefaultLogger('WARN') });
      const stack = await startLocalStack({
        taskQueue: opts.taskQueue,
        temporalPort: Number(opts.temporalPort),
        uiPort: Number(opts.uiPort),
        dbFilename: join(opts.dataDir, 'temporal.db'),
        simulator: { port: Number(opts.simulatorPort), seed: Number(opts.seed), users: Number(opts.users) },
        log: (l) => console.log(l),
      });
      const { server, sim, inbox } = stack;
      inbox.onMessage((m) => console.log(`📨 [${m.channel}] to ${m.to ?? '(channel)'}: ${m.text}`));
      const env = `TEMPORAL_ADDRESS=${server.address} IDFLOW_TASK_QUEUE=${opts.taskQueue}`;
      console.log(`
idflow dev is running (Ctrl-C stops it):
  Temporal       ${server.address}  (state in ${join(opts.dataDir, 'temporal.db')})
  Temporal UI    ${server.uiUrl ?? '(off)'}
  JumpCloud sim  ${sim.url}  (x-api-key: ${sim.apiKey}; ${sim.directory.users().length} users, seed ${opts.seed})
  Worker         task queue ${opts.taskQueue}
  Chat inbox     ${inbox.url}  (CHAT_WEBHOOK_URL, IT_REQUESTS_WEBHOOK_URL; messages are printed here)

Try, from another terminal:
  export ${env}
  idflow run examples/access-request.yaml -i email=${FIXTURE_USERS.engineer.email} -i group=Support --requested-by ${FIXTURE_USERS.helpDesk.email}
  idflow approvals --for ${FIXTURE_USERS.engManager.email}
  idflow approve '<run id>' --as ${FIXTURE_USERS.engManager.email} --comment "ok"
  idflow status '<run id>'
  curl -s -H 'x-api-key: ${sim.apiKey}' ${sim.url}/__simulator/audit
`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      console.log('stopping…');
      await stack.stop();
    });
}
