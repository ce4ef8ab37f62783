import type { ConsumedMessage } from '../kafka.ports';
import type { PartitionCheckpoint } from './checkpoint-store.port';

export interface KafkaBatchContext {
  /**
   * Keeps the group membership alive; call it between chunks of a long batch. The transport also
   * heartbeats on a timer while the handler runs. Never throws.
   */
  heartbeat(): Promise<void>;
  /**
   * Backpressure from a sink that applied this batch but is falling behind: once the batch is
   * committed, its partition is not fetched for `ms`. (A sink that could not apply the batch
   * throws TransientSinkException instead.)
   */
  backOff(ms: number): void;
}

/** What a batch handler receives: messages of one partition, in offset order. */
export interface KafkaBatch {
  readonly topic: string;
  readonly partition: number;
  /** The partition's high watermark at fetch time: the offset the next produced message gets. */
  readonly highWatermark: string;
  readonly messages: readonly ConsumedMessage[];
  /**
   * In commit mode 'sink', save it in the sink's transaction (PostgresCheckpointStore's
   * saveCheckpoint): it is what makes the batch count as applied.
   */
  readonly checkpoint: PartitionCheckpoint;
  readonly context: KafkaBatchContext;
}

export type KafkaBatchHandler = (batch: KafkaBatch) => Promise<void>;
