import { Controller, Inject } from '@nestjs/common';
import { DataSource, saveCheckpoint } from '@pulse/database';
import { parseOutboxEnvelope } from '@pulse/event-store';
import { BatchEventPattern, type KafkaBatch } from '@pulse/kafka';
import { WORKSPACE_EVENTS_TOPIC, type PublishedWorkspaceEvent } from '../../events/workspace-event';
import { applyWorkspaceEvent } from './workspace-read-model.projection';

function toPublishedEvent(value: Buffer | null): PublishedWorkspaceEvent {
  if (value === null) throw new Error('a workspace event without a value');
  const envelope = parseOutboxEnvelope(value);
  return {
    id: envelope.id,
    type: envelope.type,
    data: envelope.data,
    streamId: envelope.streamId,
    streamVersion: envelope.streamVersion,
    recordedAt: envelope.recordedAt,
  } as PublishedWorkspaceEvent;
}

/**
 * Builds the workspace read model from Kafka, never from the event store: rows and the
 * partition's checkpoint commit in one transaction, so a crash or a replay applies nothing twice.
 */
@Controller()
export class WorkspaceReadModelHandler {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @BatchEventPattern(WORKSPACE_EVENTS_TOPIC)
  async handle(batch: KafkaBatch): Promise<void> {
    const events = batch.messages.map((message) => toPublishedEvent(message.value));
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) await applyWorkspaceEvent(manager, event);
      await saveCheckpoint(manager, batch.checkpoint);
    });
  }
}
