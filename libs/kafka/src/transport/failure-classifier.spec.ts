import { CheckpointConflictException } from './checkpoint-conflict.exception';
import { classifyFailure, retryAfterOf } from './failure-classifier';
import { TransientSinkException } from './transient-sink.exception';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('classifyFailure', () => {
  it('takes TransientSinkException as transient, with its retry hint', () => {
    const error = new TransientSinkException('bulk queue full', { retryAfterMs: 2_000 });
    expect(classifyFailure(error)).toBe('transient');
    expect(retryAfterOf(error)).toBe(2_000);
    expect(retryAfterOf(new Error('x'))).toBeUndefined();
  });

  it('takes a moved checkpoint as stale', () => {
    const checkpoint = { groupId: 'g', topic: 't', partition: 0, expectedOffset: '5', nextOffset: '9' };
    expect(classifyFailure(new CheckpointConflictException(checkpoint, '7'))).toBe('stale');
  });

  it.each([
    ['a refused connection', withProps('connect ECONNREFUSED', { code: 'ECONNREFUSED' })],
    ['a reset socket', withProps('read ECONNRESET', { code: 'ECONNRESET' })],
    ['a PostgreSQL connection failure (08006)', withProps('connection failure', { code: '08006' })],
    ['a PostgreSQL shutdown (57P01)', withProps('terminating connection', { code: '57P01' })],
    ['a deadlock (40P01)', withProps('deadlock detected', { code: '40P01' })],
    ['a serialization failure (40001)', withProps('could not serialize', { code: '40001' })],
    ['too many connections (53300)', withProps('too many clients', { code: '53300' })],
    ['an HTTP 429', withProps('too many requests', { statusCode: 429 })],
    ['an HTTP 503', withProps('unavailable', { statusCode: 503 })],
    ['a retriable kafkajs error', withProps('leader not available', { retriable: true })],
    ['an Elasticsearch ConnectionError', withProps('no node', { name: 'ConnectionError' })],
    ['a pg connection lost without a code', new Error('Connection terminated unexpectedly')],
    ['a transient cause under a wrapper', new Error('insert failed', { cause: withProps('x', { code: 'ETIMEDOUT' }) })],
  ])('takes %s as transient', (_, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['a plain error', new Error('cannot read properties of undefined')],
    ['a constraint violation (23505)', withProps('duplicate key', { code: '23505' })],
    ['an invalid input (22P02)', withProps('invalid input syntax', { code: '22P02' })],
    ['an HTTP 400', withProps('mapper_parsing_exception', { statusCode: 400 })],
    ['a thrown string', 'boom'],
  ])('takes %s as poison', (_, error) => {
    expect(classifyFailure(error)).toBe('poison');
  });

  it('lets the caller mark more errors transient', () => {
    const error = withProps('quota', { code: 'QUOTA' });
    expect(classifyFailure(error, (e) => e instanceof Error && e.message === 'quota')).toBe('transient');
  });

  it('survives a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(classifyFailure(a)).toBe('poison');
  });
});
