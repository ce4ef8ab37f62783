import type { INestApplication } from '@nestjs/common';
import { DataSource, PostgresCheckpointStore } from '@pulse/database';
import { KafkaBatchTransport } from '@pulse/kafka';
import { Registry } from '@pulse/metrics';
import type { WorkspaceConfig } from './workspace.config';

export const WORKSPACE_READ_MODEL_GROUP = 'pulse.workspace.read-model';

/**
 * The read model's consumer: offsets live beside the rows (commit mode 'sink'). A short-lived
 * process (the admin command) uses its own group, so that joining and leaving does not make the
 * running workspace rebalance; the projection is idempotent, so two groups applying it is safe.
 */
export function connectWorkspaceConsumers(app: INestApplication, config: WorkspaceConfig, groupSuffix = ''): void {
  app.connectMicroservice(
    {
      strategy: new KafkaBatchTransport({
        kafka: config.kafka,
        groupId: `${config.kafka.topicPrefix}${WORKSPACE_READ_MODEL_GROUP}${groupSuffix}`,
        commitMode: 'sink',
        checkpoints: new PostgresCheckpointStore(app.get(DataSource)),
        registry: app.get(Registry),
      }),
    },
    { inheritAppConfig: true },
  );
}
