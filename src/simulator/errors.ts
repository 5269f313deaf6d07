// Error bodies as JumpCloud sends them (API-NOTES §3): `{code, message, status}`. v1 fills `status` with the
// HTTP status description. v2 documents `status` as a stable machine-readable code for field/domain errors
// (lowerCamelCase, e.g. `invalidName`) that is left out on generic errors, and adds google.rpc-style
// `details` on 400s (schema ErrorDetails).
import { STATUS_CODES } from 'node:http';

/** v1 and v2 share `{code, message, status}`; Directory Insights answers `{message}` only. */
export type ApiFamily = 'v1' | 'v2' | 'di';

export interface FieldViolation {
  field: string;
  description: string;
}

export interface ApiErrorOptions {
  /** v2 only: the machine-readable code for a field or domain error. */
  reason?: string;
  /** v2 400s: reported as a google.rpc.BadRequest detail. */
  fieldViolations?: FieldViolation[];
  /** Sent as a `Retry-After` header (429). */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, options?: ApiErrorOptions): ApiError =>
  new ApiError(400, message, options);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const conflict = (message: string, options?: ApiErrorOptions): ApiError =>
  new ApiError(409, message, options);

export interface ErrorBody {
  code: number;
  message: string;
  status?: string;
  details?: Record<string, unknown>[];
}

export function statusText(code: number): string {
  return STATUS_CODES[code] ?? 'Error';
}

export function errorBody(error: ApiError, family: ApiFamily): ErrorBody | { message: string } {
  if (family === 'di') return { message: error.message };
  const body: ErrorBody = { code: error.statusCode, message: error.message };
  if (family === 'v1') {
    body.status = statusText(error.statusCode);
    return body;
  }
  if (error.options.reason !== undefined) body.status = error.options.reason;
  if (error.options.fieldViolations !== undefined) {
    body.details = [
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: error.options.fieldViolations,
      },
    ];
  }
  return body;
}

/** Which error dialect a URL speaks; the control endpoints and unknown paths use v1's. */
export function familyOf(url: string): ApiFamily {
  if (url.startsWith('/insights/')) return 'di';
  return url.startsWith('/api/v2/') || url === '/api/v2' ? 'v2' : 'v1';
}
