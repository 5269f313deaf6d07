// What every route needs: the resolved config, a Temporal client, the metrics, a clock.
import type { Client } from '@temporalio/client';
import type { PayloadEncryption } from '../codec/index.js';
import type { BearerTokens } from './bearer.js';
import type { ServerConfig } from './config.js';
import type { ServerMetrics } from './metrics.js';

export interface ServerContext {
  config: ServerConfig;
  client: Client;
  /** Where runs start (the worker polls it). */
  taskQueue: string;
  tokens: BearerTokens;
  metrics: ServerMetrics;
  /** Milliseconds since the epoch; tests move it. */
  now(): number;
  /** The base of approval links: config `publicUrl`, or the address the server listens on. */
  publicUrl(): string;
  /** Payload encryption (IDFLOW_CODEC_KEYS): runs started here name their subject by pseudonym. */
  encryption?: PayloadEncryption;
}
