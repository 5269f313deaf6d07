// Structured logs: JSON by default, pretty on a terminal, with keys, tokens and secrets redacted wherever
// they appear in a logged object.
import { pino, type Logger as Pino, type LevelWithSilent } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';

/** Field names whose values never reach a log line, at any depth we log. */
const SECRET_FIELDS = [
  'apiKey',
  'api_key',
  'x-api-key',
  'authorization',
  'token',
  'secret',
  'password',
  'webhookUrl',
  'url',
];
const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `headers["${f}"]`]);

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable output; @default true when stdout is a terminal */
  pretty?: boolean;
  name?: string;
}

export function createLogger(options: LoggerOptions): Pino {
  const pretty = options.pretty ?? process.stdout.isTTY;
  return pino({
    name: options.name ?? 'idflow',
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  });
}

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Lets the Temporal SDK (worker, workflow and activity loggers) write through our pino logger. */
export class TemporalPinoLogger implements TemporalLogger {
  constructor(private readonly logger: Pino) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.logger[LEVELS[level]](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
