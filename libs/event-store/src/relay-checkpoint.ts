/** Where the relay stands in its order: (relay_order, global_position), compared as a pair. */
export interface RelayPosition {
  relayOrder: string;
  globalPosition: bigint;
}

export const START_POSITION: RelayPosition = { relayOrder: '0', globalPosition: 0n };

/** A partition's end offset (the next offset to be written) at one moment. */
export interface PartitionEnd {
  topic: string;
  partition: number;
  high: string;
}

/** The batch handed to Kafka and not yet recorded as acknowledged. */
export interface PendingBatch {
  /** The last event of the batch. */
  until: RelayPosition;
  count: number;
  /** The end offsets of the batch's partitions just before it was sent. */
  offsetsBefore: PartitionEnd[];
}

export interface RelayCheckpoint {
  position: RelayPosition;
  pending: PendingBatch | undefined;
}

export type PendingBatchFate =
  { kind: 'none-landed' } | { kind: 'all-landed' } | { kind: 'uncertain'; appended: bigint; expected: number };

/**
 * What became of the batch a crashed relay was sending. The relay is the only producer of its
 * topics (the advisory lock keeps it single, the deployment keeps other producers away), so the
 * messages its topics gained since the batch started are that batch's:
 * none means it never landed (send it again: no duplicate), all of them means it landed before the
 * checkpoint was written (skip it: no duplicate). Anything else cannot be untangled without reading
 * the messages back, so the batch is sent again: at-least-once, and consumers dedupe by event id.
 */
export function assessPendingBatch(pending: PendingBatch, offsetsNow: readonly PartitionEnd[]): PendingBatchFate {
  const before = new Map(pending.offsetsBefore.map((end) => [`${end.topic}/${end.partition}`, BigInt(end.high)]));
  let appended = 0n;
  for (const end of offsetsNow) {
    appended += BigInt(end.high) - (before.get(`${end.topic}/${end.partition}`) ?? 0n);
  }
  if (appended === 0n) return { kind: 'none-landed' };
  if (appended === BigInt(pending.count)) return { kind: 'all-landed' };
  return { kind: 'uncertain', appended, expected: pending.count };
}
