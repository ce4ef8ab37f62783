import type { RecordedEvent } from './event-store.types';
import { messagesByTopic, parseOutboxEnvelope, toOutboxMessage } from './outbox-envelope';
import { OutboxRelayException } from './outbox-relay.exception';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    streamId: 'project-1',
    streamType: 'project',
    streamVersion: 3,
    globalPosition: 9_007_199_254_740_993n,
    type: 'ProjectRenamed',
    schemaVersion: 2,
    data: { projectId: 'project-1', name: 'Shop' },
    metadata: {
      correlationId: 'req-1',
      causationId: 'cmd-1',
      actor: { kind: 'user', id: 'u-1' },
      organizationId: 'o-1',
    },
    recordedAt: new Date('2026-11-23T10:00:00.123Z'),
    ...overrides,
  };
}

describe('outbox messages', () => {
  it('are keyed by stream id, carry the ids and versions in headers, and time-stamped at recording', () => {
    const message = toOutboxMessage(recorded());
    expect(message.key).toBe('project-1');
    expect(message.timestamp).toBe(Date.parse('2026-11-23T10:00:00.123Z'));
    expect(message.headers).toEqual({
      'event-id': '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'event-type': 'ProjectRenamed',
      'schema-version': '2',
      'stream-type': 'project',
      'stream-version': '3',
      'global-position': '9007199254740993',
      'correlation-id': 'req-1',
    });
  });

  it('carry an envelope that parses back, with the global position exact beyond 2^53', () => {
    const envelope = parseOutboxEnvelope(Buffer.from(String(toOutboxMessage(recorded()).value)));
    expect(envelope).toEqual({
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      type: 'ProjectRenamed',
      schemaVersion: 2,
      streamId: 'project-1',
      streamType: 'project',
      streamVersion: 3,
      globalPosition: '9007199254740993',
      recordedAt: '2026-11-23T10:00:00.123Z',
      data: { projectId: 'project-1', name: 'Shop' },
      metadata: {
        correlationId: 'req-1',
        causationId: 'cmd-1',
        actor: { kind: 'user', id: 'u-1' },
        organizationId: 'o-1',
      },
    });
  });

  it('parseOutboxEnvelope refuses what is not an envelope', () => {
    expect(() => parseOutboxEnvelope('{"id":"x"}')).toThrow();
    expect(() => parseOutboxEnvelope('not json')).toThrow(SyntaxError);
  });
});

describe('messagesByTopic', () => {
  const topics = {
    project: 'pulse.workspace.events',
    store: 'pulse.workspace.events',
    'alert-rule': 'pulse.alerting.events',
  };

  it('groups a batch per topic, keeping relay order within each topic', () => {
    const batch = [
      recorded({ streamId: 'p-1', streamVersion: 1 }),
      recorded({ streamId: 'r-1', streamType: 'alert-rule', streamVersion: 1 }),
      recorded({ streamId: 's-1', streamType: 'store', streamVersion: 1 }),
      recorded({ streamId: 'p-1', streamVersion: 2 }),
    ];
    const byTopic = messagesByTopic(batch, topics);
    expect([...byTopic.keys()]).toEqual(['pulse.workspace.events', 'pulse.alerting.events']);
    expect(byTopic.get('pulse.workspace.events')?.map((m) => `${m.key}@${m.headers?.['stream-version']}`)).toEqual([
      'p-1@1',
      's-1@1',
      'p-1@2',
    ]);
    expect(byTopic.get('pulse.alerting.events')?.map((m) => m.key)).toEqual(['r-1']);
  });

  it('refuses a stream type without a topic rather than skip its events', () => {
    const run = () => messagesByTopic([recorded({ streamType: 'dashboard' })], topics);
    expect(run).toThrow(OutboxRelayException);
    expect(run).toThrow(expect.objectContaining({ code: 'UNMAPPED_STREAM_TYPE' }));
  });

  it('does not take inherited object keys for topics', () => {
    expect(() => messagesByTopic([recorded({ streamType: 'constructor' })], topics)).toThrow(OutboxRelayException);
  });
});
