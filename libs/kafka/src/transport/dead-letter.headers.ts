import type { ConsumedMessage, OutgoingMessage } from '../kafka.ports';

/** Header names on a dead letter, beside the original message's own headers. */
export const DEAD_LETTER_HEADERS = {
  errorMessage: 'dlq-error-message',
  errorClass: 'dlq-error-class',
  errorCode: 'dlq-error-code',
  errorStack: 'dlq-error-stack',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  timestamp: 'dlq-original-timestamp',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

// Headers travel with every fetch of the dead letter: a deep stack or a huge message must not
// make it heavier than the message it carries.
const MAX_MESSAGE_CHARS = 1_000;
const MAX_STACK_CHARS = 4_000;

export interface DeadLetter {
  errorMessage: string;
  errorClass: string;
  errorCode: string | null;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  consumerGroup: string;
  failedAt: string;
  /** The original message's headers, without ours. */
  headers: Record<string, string>;
}

interface ErrorFacts {
  message: string;
  className: string;
  code: string | null;
  stack: string | null;
}

function factsOf(error: unknown): ErrorFacts {
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return {
      message: error.message,
      className: error.constructor.name === 'Error' ? error.name : error.constructor.name,
      code: typeof code === 'string' || typeof code === 'number' ? String(code) : null,
      stack: error.stack ?? null,
    };
  }
  return { message: String(error), className: typeof error, code: null, stack: null };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * The dead letter of a message: key, value and headers as they were, so that it can be replayed
 * onto the original topic unchanged, plus headers saying what failed, where and when.
 */
export function deadLetterOf(
  message: ConsumedMessage,
  error: unknown,
  consumerGroup: string,
  failedAt: Date,
): OutgoingMessage {
  const facts = factsOf(error);
  const headers: Record<string, string> = {
    ...message.headers,
    [DEAD_LETTER_HEADERS.errorMessage]: clip(facts.message, MAX_MESSAGE_CHARS),
    [DEAD_LETTER_HEADERS.errorClass]: facts.className,
    [DEAD_LETTER_HEADERS.topic]: message.topic,
    [DEAD_LETTER_HEADERS.partition]: String(message.partition),
    [DEAD_LETTER_HEADERS.offset]: message.offset,
    [DEAD_LETTER_HEADERS.timestamp]: String(message.timestamp),
    [DEAD_LETTER_HEADERS.consumerGroup]: consumerGroup,
    [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
  };
  if (facts.code !== null) headers[DEAD_LETTER_HEADERS.errorCode] = facts.code;
  if (facts.stack !== null) headers[DEAD_LETTER_HEADERS.errorStack] = clip(facts.stack, MAX_STACK_CHARS);
  return { key: message.key, value: message.value, headers };
}

/** Reads a dead letter's headers back, e.g. for a replay tool; null when they are not ours. */
export function readDeadLetter(message: ConsumedMessage): DeadLetter | null {
  const { headers } = message;
  const required = [
    DEAD_LETTER_HEADERS.errorMessage,
    DEAD_LETTER_HEADERS.errorClass,
    DEAD_LETTER_HEADERS.topic,
    DEAD_LETTER_HEADERS.partition,
    DEAD_LETTER_HEADERS.offset,
    DEAD_LETTER_HEADERS.timestamp,
    DEAD_LETTER_HEADERS.consumerGroup,
    DEAD_LETTER_HEADERS.failedAt,
  ];
  if (required.some((name) => headers[name] === undefined)) return null;
  const ours = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return {
    errorMessage: headers[DEAD_LETTER_HEADERS.errorMessage],
    errorClass: headers[DEAD_LETTER_HEADERS.errorClass],
    errorCode: headers[DEAD_LETTER_HEADERS.errorCode] ?? null,
    topic: headers[DEAD_LETTER_HEADERS.topic],
    partition: Number(headers[DEAD_LETTER_HEADERS.partition]),
    offset: headers[DEAD_LETTER_HEADERS.offset],
    timestamp: Number(headers[DEAD_LETTER_HEADERS.timestamp]),
    consumerGroup: headers[DEAD_LETTER_HEADERS.consumerGroup],
    failedAt: headers[DEAD_LETTER_HEADERS.failedAt],
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !ours.has(name))),
  };
}
