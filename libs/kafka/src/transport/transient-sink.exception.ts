/**
 * Thrown by a handler when the batch could not be applied for a reason outside the messages
 * (the sink is down, overloaded or asks to slow down). The transport pauses the partition and
 * retries the same batch later, for as long as it takes: such a batch is never dead-lettered.
 */
export class TransientSinkException extends Error {
  readonly code = 'TRANSIENT_SINK_FAILURE';
  /** How long to wait before the retry, when the sink said (e.g. a Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientSinkException';
    this.retryAfterMs = options.retryAfterMs;
  }
}
