import type { PartitionCheckpoint } from './checkpoint-store.port';

/**
 * The stored checkpoint moved since the batch was handed out: another member took the partition
 * over and applied it. The sink's transaction must roll back; the transport reloads the
 * checkpoint and carries on from there, never dead-lettering for it.
 */
export class CheckpointConflictException extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';

  constructor(
    readonly checkpoint: PartitionCheckpoint,
    readonly storedOffset: string | null,
  ) {
    super(
      `checkpoint of ${checkpoint.groupId} on ${checkpoint.topic}/${checkpoint.partition} is at ` +
        `${storedOffset ?? 'nothing'}, not ${checkpoint.expectedOffset ?? 'nothing'} as expected`,
    );
    this.name = 'CheckpointConflictException';
  }
}
