import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createDataSource, DataSource, PostgresCheckpointStore } from '@pulse/database';
import { BatchEventPattern } from '../src/transport/batch-event-pattern.decorator';
import { KafkaBatchTransport } from '../src/transport/kafka-batch.transport';
import type { KafkaBatch } from '../src/transport/kafka-batch.types';
import { applyToSink } from './applied-events.sink';

/**
 * A projector in miniature, run as its own process by sink-crash.int-spec.ts so that the test
 * can SIGKILL it mid-batch: a Nest microservice on KafkaBatchTransport in commit mode 'sink',
 * applying each batch to PostgreSQL with its checkpoint. SIGTERM closes it gracefully.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const topic = required('FIXTURE_TOPIC');

@Controller()
class SinkController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @BatchEventPattern(topic)
  async apply(batch: KafkaBatch): Promise<void> {
    await applyToSink(this.dataSource, batch, `pid-${process.pid}`);
  }
}

@Module({})
class SinkModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: SinkModule,
      controllers: [SinkController],
      providers: [{ provide: DataSource, useValue: dataSource }],
    };
  }
}

async function main(): Promise<void> {
  const dataSource = createDataSource(
    { url: required('DATABASE_URL'), schema: required('DATABASE_SCHEMA'), poolSize: 2 },
    { migrations: [], applicationName: 'sink-consumer-fixture' },
  );
  await dataSource.initialize();
  const app = await NestFactory.createMicroservice(SinkModule.forRoot(dataSource), {
    logger: ['error', 'warn', 'log'],
    strategy: new KafkaBatchTransport({
      kafka: { brokers: required('KAFKA_BROKERS').split(','), clientId: 'sink-consumer-fixture', topicPrefix: '' },
      groupId: required('FIXTURE_GROUP'),
      commitMode: 'sink',
      checkpoints: new PostgresCheckpointStore(dataSource),
      // Small batches make many transactions, so the kill lands inside one; the broker's
      // minimum session timeout lets the restarted member take over soon after the kill.
      maxBytesPerPartition: 2_048,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
    }),
  });
  await app.listen();
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
