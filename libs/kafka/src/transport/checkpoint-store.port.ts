/**
 * Where a sink keeps its consumer offsets, in the same transaction as its rows (decision 5 of
 * the brief): a restart resumes from the offsets of the last committed transaction, so nothing
 * is applied twice and nothing is skipped, whatever Kafka's own committed offsets say.
 */
export interface PartitionCheckpoint {
  groupId: string;
  topic: string;
  partition: number;
  /**
   * The next offset the store held when the transport handed out this batch; null when it held
   * none. A save succeeds only while the store still holds it, which fences off a member that
   * lost the partition in a rebalance but is still finishing a batch.
   */
  expectedOffset: string | null;
  /** The offset after the batch's last message: where consumption resumes. */
  nextOffset: string;
}

export interface CheckpointStore {
  /** The stored next offsets of these partitions; partitions without a checkpoint are absent. */
  load(groupId: string, topic: string, partitions: readonly number[]): Promise<Map<number, string>>;
  /**
   * Moves a checkpoint on in a transaction of its own, for offsets the sink did not write itself
   * (messages sent to the dead-letter topic). Throws CheckpointConflictException like a save.
   */
  advance(checkpoint: PartitionCheckpoint): Promise<void>;
}
