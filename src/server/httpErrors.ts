// One error shape for the whole server: JSON `{error, message}` (HTML on the approval pages), never a stack
// trace; 5xx details go to the log under the request id, not to the client.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderNotice, type NoticeKind } from './approvalPages.js';
import { PAGE_HEADERS } from './html.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers people, with HTML pages (errors too). */
    html?: boolean;
  }
}

/** An error with the status, a stable machine-readable code and a message safe to show the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: string;
  message: string;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
  FST_ERR_VALIDATION: 'invalid_request',
};

function classify(
  err: unknown,
  bodyLimit: number,
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (err instanceof HttpError)
    return { status: err.statusCode, body: { error: err.code, message: err.message }, headers: err.headers };
  const f = err as Partial<FastifyError>;
  if (f.validation)
    return {
      status: 400,
      body: { error: 'invalid_request', message: f.message ?? 'invalid request' },
      headers: {},
    };
  const status = typeof f.statusCode === 'number' ? f.statusCode : 500;
  if (status === 413)
    return {
      status,
      body: { error: 'payload_too_large', message: `the request body is larger than ${bodyLimit} bytes` },
      headers: {},
    };
  if (status >= 400 && status < 500) {
    const code = (f.code && FASTIFY_CODES[f.code]) ?? 'invalid_request';
    return { status, body: { error: code, message: f.message ?? 'invalid request' }, headers: {} };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'internal error; the server log has details under this request id' },
    headers: {},
  };
}

/** What a person is told on an approval page; validator jargon is for the JSON API. */
function htmlNotice(err: unknown, status: number, body: ErrorBody): { kind: NoticeKind; text: string } {
  if (status >= 500) {
    return {
      kind: 'unavailable',
      text: 'Something went wrong on our side; nothing was changed. Please try the link again in a little while.',
    };
  }
  if (status === 404) return { kind: 'notFound', text: body.message };
  if ((err as Partial<FastifyError>).validationContext === 'params') {
    return {
      kind: 'invalid',
      text: 'The link is damaged. Open it from your notification again, exactly as it was sent.',
    };
  }
  if (status === 400 || status === 413 || status === 415) {
    return {
      kind: 'invalid',
      text: 'The form did not arrive as sent. Go back, and decide with the Approve or Reject button.',
    };
  }
  return { kind: 'invalid', text: body.message };
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = classify(err, bodyLimit);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ status, error: body.error }, 'request refused');
    void reply.code(status).headers(headers);
    if (request.routeOptions.config?.html) {
      const { kind, text } = htmlNotice(err, status, body);
      return reply.headers(PAGE_HEADERS).send(renderNotice(kind, text));
    }
    // The request id ties a 500 to its log line; other errors explain themselves.
    return reply.send(status >= 500 ? { ...body, requestId: request.id } : body);
  });
  // The path is not echoed: under /approve/ it would be a token.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route for ${request.method} at this path` }),
  );
}
