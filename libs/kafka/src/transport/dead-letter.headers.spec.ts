import type { ConsumedMessage } from '../kafka.ports';
import { DEAD_LETTER_HEADERS, deadLetterOf, readDeadLetter } from './dead-letter.headers';

class UnknownCurrencyException extends Error {
  readonly code = 'UNKNOWN_CURRENCY';
}

const original: ConsumedMessage = {
  topic: 'tracking.events',
  partition: 3,
  offset: '1234567890123',
  key: 'project-1:visitor-9',
  value: Buffer.from('{"type":"order_placed","currency":"XXX"}'),
  headers: { 'event-id': 'e-1', 'content-type': 'application/json' },
  timestamp: 1_764_000_000_000,
};
const failedAt = new Date('2026-11-24T10:00:00.000Z');

describe('dead letters', () => {
  it('keep the key, value and headers and record the error and the origin', () => {
    const letter = deadLetterOf(original, new UnknownCurrencyException('XXX is not ISO 4217'), 'projector', failedAt);

    expect(letter.key).toBe(original.key);
    expect(letter.value).toBe(original.value);
    expect(letter.headers).toMatchObject({
      'event-id': 'e-1',
      'content-type': 'application/json',
      [DEAD_LETTER_HEADERS.errorMessage]: 'XXX is not ISO 4217',
      [DEAD_LETTER_HEADERS.errorClass]: 'UnknownCurrencyException',
      [DEAD_LETTER_HEADERS.errorCode]: 'UNKNOWN_CURRENCY',
      [DEAD_LETTER_HEADERS.topic]: 'tracking.events',
      [DEAD_LETTER_HEADERS.partition]: '3',
      [DEAD_LETTER_HEADERS.offset]: '1234567890123',
      [DEAD_LETTER_HEADERS.timestamp]: '1764000000000',
      [DEAD_LETTER_HEADERS.consumerGroup]: 'projector',
      [DEAD_LETTER_HEADERS.failedAt]: '2026-11-24T10:00:00.000Z',
    });
    expect(letter.headers?.[DEAD_LETTER_HEADERS.errorStack]).toContain('XXX is not ISO 4217\n    at ');
  });

  it('read back to the same facts, with the original headers apart', () => {
    const letter = deadLetterOf(original, new UnknownCurrencyException('XXX is not ISO 4217'), 'projector', failedAt);
    const consumed: ConsumedMessage = { ...original, topic: 'tracking.events.dlq', headers: letter.headers ?? {} };

    expect(readDeadLetter(consumed)).toEqual({
      errorMessage: 'XXX is not ISO 4217',
      errorClass: 'UnknownCurrencyException',
      errorCode: 'UNKNOWN_CURRENCY',
      topic: 'tracking.events',
      partition: 3,
      offset: '1234567890123',
      timestamp: 1_764_000_000_000,
      consumerGroup: 'projector',
      failedAt: '2026-11-24T10:00:00.000Z',
      headers: original.headers,
    });
    expect(readDeadLetter(original)).toBeNull();
  });

  it('name plain errors by their name, describe thrown non-errors, and clip long texts', () => {
    const plain = deadLetterOf(original, new TypeError('x'.repeat(5_000)), 'g', failedAt).headers ?? {};
    expect(plain[DEAD_LETTER_HEADERS.errorClass]).toBe('TypeError');
    expect(plain[DEAD_LETTER_HEADERS.errorMessage]).toHaveLength(1_000);
    expect(plain[DEAD_LETTER_HEADERS.errorCode]).toBeUndefined();

    const thrown = deadLetterOf(original, 'not an error', 'g', failedAt).headers ?? {};
    expect(thrown[DEAD_LETTER_HEADERS.errorMessage]).toBe('not an error');
    expect(thrown[DEAD_LETTER_HEADERS.errorClass]).toBe('string');
  });

  it('keep a null value (a tombstone) null', () => {
    expect(deadLetterOf({ ...original, value: null }, new Error('e'), 'g', failedAt).value).toBeNull();
  });
});
