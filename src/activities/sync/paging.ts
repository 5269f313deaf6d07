// One page of a JumpCloud list at a given offset. The client's own iterators always start at the first
// page; a resumed sync starts where its cursor says, so it asks for pages itself.
import { JumpCloudApiError } from '../jumpcloud/errors.js';
import type { Query } from '../jumpcloud/client.js';
import type { JumpCloudRequester } from '../jumpcloud/http/types.js';

export interface PageSpec {
  path: string;
  /** v1: `{totalCount, results}` pages, space-separated lists; v2 (System Insights too): bare arrays. */
  dialect: 'v1' | 'v2';
  pageSize: number;
  /** A unique sort keeps skip paging stable while others write; false for lists that take none. */
  sort: string | false;
  fields?: string;
  query?: Query;
}

export async function fetchPage(
  requester: JumpCloudRequester,
  spec: PageSpec,
  skip: number,
  signal: AbortSignal | undefined,
): Promise<unknown[]> {
  const query: Record<
    string,
    string | number | boolean | readonly (string | number | boolean)[] | undefined
  > = {
    ...spec.query,
    limit: spec.pageSize,
    skip,
  };
  if (spec.sort !== false) query['sort'] = spec.sort;
  if (spec.fields !== undefined) query['fields'] = spec.fields;
  const body = await requester.request<unknown>({
    method: 'GET',
    path: spec.path,
    query,
    ...(signal ? { signal } : {}),
  });
  const items = spec.dialect === 'v1' ? (body as { results?: unknown } | null)?.results : body;
  if (!Array.isArray(items)) {
    throw new JumpCloudApiError({
      method: 'GET',
      path: spec.path,
      status: 200,
      reason: 'InvalidResponse',
      jumpcloudMessage: `expected a list page shaped as ${spec.dialect === 'v1' ? '{totalCount, results}' : 'a JSON array'}`,
    });
  }
  return items as unknown[];
}
