import { Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';

describe('the Temporal dev server shared by the suite', () => {
  it('is a real server with idflow search attributes registered', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
      const attrs = await connection.operatorService.listSearchAttributes({
        namespace: inject('temporalNamespace'),
      });
      expect(Object.keys(attrs.customAttributes)).toEqual(
        expect.arrayContaining(['IdflowPlaybook', 'IdflowSubject', 'IdflowPlanHash']),
      );
    } finally {
      await connection.close();
    }
  });
});
