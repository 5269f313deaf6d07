// Generated from the specs: this fails when someone edits a generated file by hand, updates a spec, or
// changes the generator without regenerating (`npm run gen:types`).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  generateJumpCloudTypes,
  generateRequestSchemas,
  outputPath,
  requestSchemasPath,
} from '../../scripts/gen-jumpcloud-types.js';

describe('generated JumpCloud code', () => {
  it('src/jumpcloud/types.ts matches what the generator produces from the specs', async () => {
    const committed = await readFile(outputPath, 'utf8');
    expect(committed, 'generated types are stale: run `npm run gen:types`').toBe(
      await generateJumpCloudTypes(),
    );
  });

  it('src/simulator/requestSchemas.ts matches what the generator produces from the specs', async () => {
    const committed = await readFile(requestSchemasPath, 'utf8');
    expect(committed, 'request schemas are stale: run `npm run gen:types`').toBe(
      await generateRequestSchemas(),
    );
  });
});
