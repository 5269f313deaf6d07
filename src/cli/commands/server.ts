import type { Command } from 'commander';
import { ExitCode, UserError } from '../../common/errors.js';

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('Serve HRIS webhooks, approval links and the runs API over HTTP (see docs/server.md).')
    .option('-c, --config <file>', 'the server config file (default: IDFLOW_SERVER_CONFIG)')
    .option('--host <host>', 'interface to bind (overrides listen.host)')
    .option('--port <port>', 'port to listen on, 0 for any free one (overrides listen.port)')
    .option('--check', 'load and check the config (secrets, playbooks, expressions), then exit')
    .addHelpText(
      'after',
      '\nExample:\n  BAMBOOHR_WEBHOOK_KEY=… IDFLOW_LINK_KEY=… idflow server --config server.yaml\n\nExit codes: 0 stopped cleanly (or --check passed), 2 invalid configuration, 1 internal error (e.g. Temporal unreachable).',
    )
    .action(async (opts: { config?: string; host?: string; port?: string; check?: boolean }) => {
      const { loadServerConfig, ServerConfigError } = await import('../../server/config.js');
      let port: number | undefined;
      if (opts.port !== undefined) {
        port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UserError(`--port: not a port: ${opts.port}`);
      }
      let config;
      try {
        config = await loadServerConfig({
          ...(opts.config ? { configPath: opts.config } : {}),
          ...(opts.host ? { host: opts.host } : {}),
          ...(port !== undefined ? { port } : {}),
        });
      } catch (err) {
        if (err instanceof ServerConfigError) throw new UserError(err.message, ExitCode.invalid);
        throw err;
      }
      if (opts.check) {
        console.log(
          `config ok: ${config.webhooks.length} webhook source(s), ${config.playbooks.size} playbook(s), ${config.tokens.length} token(s), approval links ${config.approvals ? 'on' : 'off'}`,
        );
        return;
      }
      const { runServer } = await import('../../server/run.js');
      try {
        await runServer(config);
      } catch (err) {
        throw new UserError(`server: ${err instanceof Error ? err.message : String(err)}`, ExitCode.internal);
      }
    });
}
