import { assessPendingBatch, type PendingBatch } from './relay-checkpoint';

const pending: PendingBatch = {
  until: { relayOrder: '900', globalPosition: 42n },
  count: 5,
  offsetsBefore: [
    { topic: 'workspace', partition: 0, high: '10' },
    { topic: 'workspace', partition: 1, high: '7' },
    { topic: 'alerting', partition: 0, high: '0' },
  ],
};

describe('assessPendingBatch', () => {
  it('nothing appended since the batch started: it never reached Kafka, send it again', () => {
    expect(assessPendingBatch(pending, pending.offsetsBefore)).toEqual({ kind: 'none-landed' });
  });

  it('exactly the batch size appended: it reached Kafka before the checkpoint, skip it', () => {
    const now = [
      { topic: 'workspace', partition: 0, high: '12' },
      { topic: 'workspace', partition: 1, high: '9' },
      { topic: 'alerting', partition: 0, high: '1' },
    ];
    expect(assessPendingBatch(pending, now)).toEqual({ kind: 'all-landed' });
  });

  it('part of the batch appended: uncertain, send it all again', () => {
    const now = [
      { topic: 'workspace', partition: 0, high: '12' },
      { topic: 'workspace', partition: 1, high: '7' },
      { topic: 'alerting', partition: 0, high: '0' },
    ];
    expect(assessPendingBatch(pending, now)).toEqual({ kind: 'uncertain', appended: 2n, expected: 5 });
  });

  it('more than the batch appended (another producer on the topic): uncertain, never skipped', () => {
    const now = [
      { topic: 'workspace', partition: 0, high: '20' },
      { topic: 'workspace', partition: 1, high: '7' },
      { topic: 'alerting', partition: 0, high: '0' },
    ];
    expect(assessPendingBatch(pending, now)).toMatchObject({ kind: 'uncertain', appended: 10n });
  });

  it('counts a partition added since the batch started from offset 0', () => {
    const now = [...pending.offsetsBefore, { topic: 'alerting', partition: 1, high: '5' }];
    expect(assessPendingBatch(pending, now)).toEqual({ kind: 'all-landed' });
  });
});
