// Builds the HTTP server: fastify with the configured body limit, one error shape, request metrics and a log
// line per request that names the route pattern, never the URL (approval tokens live in URLs).
import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { MAX_TOKEN_LENGTH } from '../trust/links.js';
import { BearerTokens } from './bearer.js';
import type { ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { installErrorHandlers } from './httpErrors.js';
import { ServerMetrics } from './metrics.js';
import { registerApprovals } from './routes/approvals.js';
import { registerOps } from './routes/ops.js';
import { registerRuns } from './routes/runs.js';
import { registerWebhooks } from './routes/webhooks.js';
import { registerCodec } from './routes/codec.js';
import { payloadEncryption } from '../codec/index.js';

export interface BuildServerOptions {
  config: ServerConfig;
  client: Client;
  /** A pino logger (createLogger). */
  logger: FastifyBaseLogger;
  /** @default config.temporal.taskQueue */
  taskQueue?: string;
  /** @default Date.now */
  now?: () => number;
}

export interface IdflowServer {
  app: FastifyInstance;
  context: ServerContext;
  /** Listens on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function buildServer(options: BuildServerOptions): IdflowServer {
  const { config } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    // Our own line per request (below) instead of fastify's, which logs the URL.
    logController: new LogController({ disableRequestLogging: true }),
    // Approval tokens are path parameters, longer than fastify's default limit of 100 characters.
    routerOptions: { maxParamLength: MAX_TOKEN_LENGTH },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // close() must not wait for clients' idle keep-alive sockets.
    forceCloseConnections: true,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });

  let listeningUrl: string | undefined;
  const context: ServerContext = {
    config,
    client: options.client,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    tokens: new BearerTokens(config.tokens),
    metrics: new ServerMetrics(),
    now: options.now ?? Date.now,
    publicUrl: () => config.publicUrl ?? listeningUrl ?? `http://${config.host}:${config.port}`,
    ...(config.encryption ? { encryption: payloadEncryption(config.encryption) } : {}),
  };

  installErrorHandlers(app, config.bodyLimit);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    context.metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    context.metrics.duration.observe({ route }, seconds);
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    return Promise.resolve();
  });

  registerOps(app, context);
  registerWebhooks(app, context);
  registerApprovals(app, context);
  registerRuns(app, context);
  if (config.codec && context.encryption) registerCodec(app, context, context.encryption, config.codec);

  return {
    app,
    context,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      listeningUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
      return listeningUrl;
    },
    close: () => app.close(),
  };
}
