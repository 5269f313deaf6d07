// `idflow dev`: the embedded default, kept running — a Temporal dev server with its Web UI (state kept in
// .idflow/), the JumpCloud simulator seeded with a realistic directory, a worker, the HTTP server
// (webhooks, approval links, runs API) and a chat inbox that prints what the playbooks send — plus
// copy-paste commands to try from another terminal. Ctrl-C stops everything.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { workflowBundleFromEnv } from '../../client/connection.js';
import { startLocalStack } from '../../dev/localStack.js';
import { FIXTURE_USERS } from '../../simulator/seed.js';

interface DevOptions {
  temporalPort: string;
  uiPort: string;
  simulatorPort: string;
  httpPort: string;
  users: string;
  seed: string;
  dataDir: string;
  taskQueue: string;
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'Run the whole stack locally until Ctrl-C: Temporal dev server + Web UI, JumpCloud simulator, worker, HTTP server.',
    )
    .option('--temporal-port <port>', 'Temporal gRPC port', '7233')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--simulator-port <port>', 'JumpCloud simulator port', '8089')
    .option('--http-port <port>', 'idflow HTTP server port', '8080')
    .option('--users <n>', 'users in the simulated directory', '120')
    .option('--seed <n>', 'seed of the simulated directory', '7')
    .option('--data-dir <dir>', 'where Temporal keeps its SQLite state and the dev config lives', '.idflow')
    .option('--task-queue <name>', 'task queue', 'idflow')
    .addHelpText(
      'after',
      '\nExamples:\n  idflow dev                         # prints the URLs and commands to try\n  idflow dev --users 5000 --seed 3   # a bigger directory\n\nExit codes: 0 stopped with Ctrl-C, 1 the stack could not start (a port in use, no Temporal CLI).',
    )
    .action(async (opts: DevOptions) => {
      Runtime.install({ logger: new DefaultLogger('WARN') });
      const stack = await startLocalStack({
        taskQueue: opts.taskQueue,
        dataDir: opts.dataDir,
        persist: true,
        temporalPort: Number(opts.temporalPort),
        uiPort: Number(opts.uiPort),
        httpPort: Number(opts.httpPort),
        simulator: { port: Number(opts.simulatorPort), seed: Number(opts.seed), users: Number(opts.users) },
        log: (l) => console.log(l),
        ...workflowBundleFromEnv(),
      });
      const { temporal, sim, inbox, httpUrl, config } = stack;
      inbox.onMessage((m) => console.log(`📨 [${m.channel}] to ${m.to ?? '(channel)'}: ${m.text}`));
      const event = JSON.stringify({
        id: 'evt-1',
        type: 'employee.hired',
        data: {
          workEmail: 'new.hire@example.com',
          firstName: 'Nia',
          lastName: 'Hire',
          department: 'Engineering',
          managerEmail: FIXTURE_USERS.engManager.email,
          startDate: new Date().toISOString().slice(0, 10),
        },
      });
      console.log(`
idflow dev is running (Ctrl-C stops it):
  Temporal       ${temporal.address}  (state in ${opts.dataDir}/temporal.db)
  Temporal UI    ${temporal.uiUrl ?? '(off)'}
  HTTP server    ${httpUrl}  (webhook: POST ${httpUrl}/hooks/hris · approval pages: ${httpUrl}/approve/… · runs API: ${httpUrl}/runs)
  JumpCloud sim  ${sim.url}  (x-api-key: ${sim.apiKey}; ${sim.directory.users().length} users, seed ${opts.seed})
  Chat inbox     ${inbox.url}  (messages are printed here; approval requests carry their links)
  Config         ${config.serverConfigPath}, ${config.secretsPath}
  Encryption     ${stack.encryption ? `payloads encrypted with key id ${stack.encryption.keyring.active.id} (IDFLOW_CODEC_KEY_DEV in ${config.secretsPath}); the UI decodes through ${httpUrl}/codec` : 'off'}

Try, from another terminal:
  export TEMPORAL_ADDRESS=${temporal.address} IDFLOW_TASK_QUEUE=${opts.taskQueue}${stack.encryption ? ` IDFLOW_CODEC_KEYS=${stack.encryption.keyring.active.id} IDFLOW_SECRETS_FILE=${config.secretsPath}` : ''}
  idflow run examples/offboarding.yaml -i email=${FIXTURE_USERS.suspended.email} -i lastDay=2020-01-02 --dry-run --wait
  idflow run examples/access-request.yaml -i email=${FIXTURE_USERS.engineer.email} -i group=Support --requested-by ${FIXTURE_USERS.helpDesk.email}
    → the approval link for ${FIXTURE_USERS.engManager.email} is printed here; open it in a browser, or:
  idflow approvals --for ${FIXTURE_USERS.engManager.email}
  idflow approve '<run id>' --as ${FIXTURE_USERS.engManager.email} --comment "ok"
  idflow status '<run id>'

  # the directory sync into this stack's snapshot store, then the auditor's report:
  export IDFLOW_STORE=sqlite:${opts.dataDir}/snapshots.sqlite
  idflow sync --now --file examples/schedules.yaml --wait
  idflow report --format html --out report.html

  # an HRIS "hired" event, signed like the generic preset expects:
  body='${event}'
  ts=$(date +%s); sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$(node -p "require('${config.secretsPath}').HRIS_WEBHOOK_SECRET")" | sed 's/^.* //')
  curl -s -X POST ${httpUrl}/hooks/hris -H 'content-type: application/json' -H "x-idflow-timestamp: $ts" -H "x-idflow-signature: sha256=$sig" -d "$body"

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
