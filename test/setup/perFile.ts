// Runs in each test process before its tests: the Temporal worker logs only errors (activity failures the
// tests provoke on purpose are warnings, and would bury the test output).
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Already installed in this process by an earlier test file.
}
