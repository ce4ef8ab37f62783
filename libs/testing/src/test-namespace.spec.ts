import { testNamespace } from './test-namespace';

describe('testNamespace', () => {
  it('derives names every engine accepts from the test file, fresh for each run', () => {
    const first = testNamespace('/repo/libs/kafka/src/Kafka Event-Log.int-spec.ts');
    const second = testNamespace('/repo/libs/kafka/src/Kafka Event-Log.int-spec.ts');
    expect(first.id).toMatch(/^t_kafka_event_log_[0-9a-f]{6}$/);
    expect(first.id).not.toBe(second.id);
    expect(first.schema).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    expect(first.index('events')).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(first.topic('orders')).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
    expect(first.redisPrefix.startsWith('pulse:test:')).toBe(true);
  });
});
