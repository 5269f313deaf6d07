// `idflow` as a user runs it: a spawned process from the sources, its exit code and both streams.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runIdflow(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The environment that points the CLI at the suite's Temporal dev server and a test's task queue. */
export function temporalEnv(taskQueue: string): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    IDFLOW_TASK_QUEUE: taskQueue,
  };
}

/** A long-running `idflow` process (demo --keep, dev): its output so far, and waits on what it prints. */
export interface IdflowProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match once the process has printed it; rejects if it exits first. */
  printed(pattern: string | RegExp, from?: number): Promise<string>;
  /** The exit code, once it has exited. */
  exited: Promise<number | null>;
  /**
   * For afterAll: Ctrl-C so it stops what it started (a SIGKILL would orphan its Temporal dev server), then
   * SIGKILL if it has not exited within `graceMs`.
   */
  close(graceMs?: number): Promise<void>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startIdflow(args: string[], env: NodeJS.ProcessEnv = {}): IdflowProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listeners = new Set<() => void>();
  const feed = (d: Buffer): void => {
    output += d.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', feed);
  child.stderr.on('data', feed);
  const find = (pattern: string | RegExp, from: number): string | undefined => {
    const text = output.slice(from);
    if (typeof pattern === 'string') return text.includes(pattern) ? pattern : undefined;
    return pattern.exec(text)?.[0];
  };
  return {
    child,
    exited,
    output: () => output,
    printed: (pattern, from = 0) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = find(pattern, from);
          if (found === undefined) return;
          listeners.delete(check);
          resolve(found);
        };
        listeners.add(check);
        check();
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          reject(
            new Error(
              `idflow ${args[0] ?? ''} exited (${code}) before printing ${String(pattern)}:\n${output}`,
            ),
          );
        });
      }),
    close: async (graceMs = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    stop: (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
