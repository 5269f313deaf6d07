// Finds or builds the Temporal CLI that the tests and the demo run as a real dev server.
import { resolveTemporalCli } from '../src/dev/temporal/cliBinary.js';

try {
  const found = await resolveTemporalCli({ log: (line) => console.log(line) });
  if (found.source === 'sdk-download')
    console.log(`temporal CLI: falling back to the SDK download (${found.reason})`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
