import 'reflect-metadata';
import { createDataSource } from '@pulse/database';
import { createKafkaPorts } from '@pulse/kafka';
import { OutboxRelay } from '../src/outbox.relay';

/**
 * An outbox relay in a process of its own, run by outbox-relay-crash.int-spec.ts so that the test
 * can SIGKILL it mid-run: it publishes the schema's events to one topic until it is killed.
 * SIGTERM stops it gracefully (the batch in hand finishes and is checkpointed).
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const topic = required('FIXTURE_TOPIC');
  const dataSource = createDataSource(
    { url: required('DATABASE_URL'), schema: required('DATABASE_SCHEMA'), poolSize: 1 },
    { migrations: [], applicationName: 'relay-fixture' },
  );
  await dataSource.initialize();
  const ports = createKafkaPorts(
    { brokers: required('KAFKA_BROKERS').split(','), clientId: 'relay-fixture', topicPrefix: '' },
    { quiet: true },
  );
  const relay = new OutboxRelay({
    dataSource,
    producer: ports.producer,
    admin: ports.admin,
    topics: { [required('FIXTURE_STREAM_TYPE')]: topic },
    batchSize: Number(required('FIXTURE_BATCH_SIZE')),
    pollIntervalMs: 200,
    maxBackoffMs: 1_000,
  });
  relay.start();
  process.stdout.write('relay started\n');
  process.once('SIGTERM', () => {
    void relay
      .stop()
      .then(() => Promise.allSettled([ports.producer.disconnect(), ports.admin.disconnect(), dataSource.destroy()]))
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
