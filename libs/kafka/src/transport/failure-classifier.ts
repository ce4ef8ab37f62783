import { CheckpointConflictException } from './checkpoint-conflict.exception';
import { TransientSinkException } from './transient-sink.exception';

/**
 * - transient: the sink, not the messages, is at fault; retry the same batch later, forever.
 * - stale: another member applied this partition meanwhile; reload the checkpoint.
 * - poison: possibly the messages; retry a few times, then isolate and dead-letter.
 */
export type FailureKind = 'transient' | 'stale' | 'poison';

/** Socket-level failures from Node: the peer is unreachable, not the message wrong. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that say nothing about the data: connection exceptions (08), insufficient
 * resources (53), operator intervention such as a restart (57P), serialization failures and
 * deadlocks (40001, 40P01), which succeed when retried.
 */
function isTransientSqlState(code: string): boolean {
  return /^(08|53|57P)/.test(code) || code === '40001' || code === '40P01';
}

/** HTTP statuses of an overloaded or restarting server (Elasticsearch answers 429 when its queues are full). */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** Errors node-postgres raises without a code when the server goes away or the pool starves. */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** Errors the Elasticsearch client raises when no node answers. */
const ES_CONNECTION_ERRORS = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError']);

function looksTransient(error: object): boolean {
  const { code, statusCode, retriable, name } = error as Record<string, unknown>;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || (code.length === 5 && isTransientSqlState(code)))) {
    return true;
  }
  if (typeof statusCode === 'number' && TRANSIENT_STATUSES.has(statusCode)) return true;
  // kafkajs marks errors a retry can fix (a produce from the handler during a leader election).
  if (retriable === true) return true;
  if (typeof name === 'string' && ES_CONNECTION_ERRORS.has(name)) return true;
  return error instanceof Error && PG_CONNECTION_MESSAGE.test(error.message);
}

/**
 * Decides what a handler's failure means. An explicit TransientSinkException always wins;
 * otherwise well-known infrastructure errors, anywhere in the cause chain, count as transient
 * so that a sink outage the handler did not wrap never dead-letters a healthy stream.
 */
export function classifyFailure(error: unknown, isTransient?: (error: unknown) => boolean): FailureKind {
  if (error instanceof CheckpointConflictException) return 'stale';
  const seen = new Set<unknown>();
  for (let cause: unknown = error; typeof cause === 'object' && cause !== null && !seen.has(cause);) {
    seen.add(cause);
    if (cause instanceof TransientSinkException || looksTransient(cause)) return 'transient';
    cause = (cause as { cause?: unknown }).cause;
  }
  return isTransient?.(error) ? 'transient' : 'poison';
}

/** The delay a transient failure asked for, when it named one. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof TransientSinkException ? error.retryAfterMs : undefined;
}
