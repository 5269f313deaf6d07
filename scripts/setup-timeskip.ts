// Finds or builds the time-skipping test server (`npm run setup:timeskip`, a step of `npm test`).
import { resolveTimeSkippingServer } from '../test/setup/timeSkippingServer.js';

try {
  const found = await resolveTimeSkippingServer({ log: (line) => console.log(line) });
  if (found.source === 'sdk-download')
    console.log(`time-skipping test server: falling back to the SDK download (${found.reason})`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
