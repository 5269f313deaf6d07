// `idflow worker` as a real child process (run from source through tsx), for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Every line the worker printed, stdout (JSON logs) and stderr, for assertions on what was (not) logged. */
  lines: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnWorker(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      IDFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      IDFLOW_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString());
    lines.push(...d.toString().split('\n').filter(Boolean));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`worker not ready after ${readyTimeoutMs} ms:\n${lines.join('\n')}\n${stderr.join('')}`),
        ),
      readyTimeoutMs,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.includes('"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`worker exited (${code}) before it was ready:\n${lines.join('\n')}\n${stderr.join('')}`),
      );
    });
  });
  await ready;
  return {
    child,
    lines,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}
