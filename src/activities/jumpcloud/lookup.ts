import type { JumpCloudReader } from './client.js';
import { isJumpCloudApiError } from './errors.js';

/** GETs one record; a 404 means "no such record" (undefined), every other failure propagates. */
export async function getIfExists<T>(client: JumpCloudReader, path: string): Promise<T | undefined> {
  try {
    return await client.request<T>({ method: 'GET', path });
  } catch (err) {
    if (isJumpCloudApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}
