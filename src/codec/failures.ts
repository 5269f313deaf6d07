// A failure's message and stack trace are not payloads, so a PayloadCodec never sees them — and an
// activity's error message can name a person ("no JumpCloud user with email …"). With encryption on, the
// worker moves them into each level's encoded attributes (a payload, so the codec encrypts it), the way the
// SDK's `encodeCommonAttributes` does for the top level only — here the whole cause chain. The workflow and
// every client with the codec read the messages as before. Cancellation is left alone: the worker reports
// it as such.
import {
  ApplicationFailure,
  CancelledFailure,
  defaultFailureConverter,
  defaultPayloadConverter,
  type ProtoFailure,
} from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

const ENCODED = 'Encoded failure';

function encodeChain(failure: ProtoFailure): void {
  for (let f: ProtoFailure | null | undefined = failure; f; f = f.cause) {
    if (f.encodedAttributes) continue;
    f.encodedAttributes = defaultPayloadConverter.toPayload({
      message: f.message ?? '',
      stack_trace: f.stackTrace ?? '',
    });
    f.message = ENCODED;
    f.stackTrace = '';
  }
}

/** The same failure (type, retryability, details, causes), every message and stack in encoded attributes. */
export function withEncodedMessage(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof CancelledFailure || err.name === 'AbortError') return err;
  if (err.name === 'CompleteAsyncError') return err;
  const failure = defaultFailureConverter.errorToFailure(err, defaultPayloadConverter);
  encodeChain(failure);
  const wrapped = new ApplicationFailure(ENCODED);
  // A failure whose proto is already made is sent as that proto (the converter does not redo it).
  wrapped.failure = failure;
  return wrapped;
}

/** The activity interceptor a worker with encryption on installs. */
export const encodeActivityFailures: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        throw withEncodedMessage(err);
      }
    },
  },
});
