import type { OutgoingMessage } from '@pulse/kafka';
import { z } from 'zod';
import type { RecordedEvent } from './event-store.types';
import { OutboxRelayException } from './outbox-relay.exception';

/** What a consumer of a bounded context's topic gets as the message value (JSON). */
export interface OutboxEnvelope {
  id: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamType: string;
  streamVersion: number;
  /** A decimal string: JSON numbers lose precision above 2^53. */
  globalPosition: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: {
    correlationId: string;
    causationId?: string;
    actor: { kind: string; id: string };
    organizationId?: string;
  };
}

export const OUTBOX_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  streamType: 'stream-type',
  streamVersion: 'stream-version',
  globalPosition: 'global-position',
  correlationId: 'correlation-id',
} as const;

const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  streamId: z.string().min(1),
  streamType: z.string().min(1),
  streamVersion: z.number().int().min(1),
  globalPosition: z.string().regex(/^\d+$/),
  recordedAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({
    correlationId: z.string(),
    causationId: z.string().optional(),
    actor: z.object({ kind: z.string(), id: z.string() }),
    organizationId: z.string().optional(),
  }),
});

export function toOutboxEnvelope(event: RecordedEvent): OutboxEnvelope {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamType: event.streamType,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

/** Keyed by stream id: one aggregate's events share a partition, so Kafka keeps their order. */
export function toOutboxMessage(event: RecordedEvent): OutgoingMessage {
  const headers: Record<string, string> = {
    [OUTBOX_HEADERS.eventId]: event.id,
    [OUTBOX_HEADERS.eventType]: event.type,
    [OUTBOX_HEADERS.schemaVersion]: String(event.schemaVersion),
    [OUTBOX_HEADERS.streamType]: event.streamType,
    [OUTBOX_HEADERS.streamVersion]: String(event.streamVersion),
    [OUTBOX_HEADERS.globalPosition]: event.globalPosition.toString(),
    [OUTBOX_HEADERS.correlationId]: event.metadata.correlationId,
  };
  return {
    key: event.streamId,
    value: JSON.stringify(toOutboxEnvelope(event)),
    headers,
    timestamp: event.recordedAt.getTime(),
  };
}

/** For consumers: validates a message value and returns the envelope; throws on anything else. */
export function parseOutboxEnvelope(value: Buffer | string): OutboxEnvelope {
  return envelopeSchema.parse(JSON.parse(typeof value === 'string' ? value : value.toString('utf8')));
}

/**
 * The batch's messages per topic, each topic's in relay order. A stream type without a topic
 * stops the relay: publishing around the event would skip it.
 */
export function messagesByTopic(
  events: readonly RecordedEvent[],
  topics: Readonly<Record<string, string>>,
): Map<string, OutgoingMessage[]> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const event of events) {
    const topic = Object.hasOwn(topics, event.streamType) ? topics[event.streamType] : undefined;
    if (topic === undefined) {
      throw new OutboxRelayException(
        'UNMAPPED_STREAM_TYPE',
        `no topic for stream type '${event.streamType}' (event ${event.id} at global position ${event.globalPosition}); ` +
          'add it to the relay topics and restart the relay',
      );
    }
    const messages = byTopic.get(topic) ?? [];
    messages.push(toOutboxMessage(event));
    byTopic.set(topic, messages);
  }
  return byTopic;
}
