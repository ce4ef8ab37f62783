import type { FailureKind } from './failure-classifier';
import { isolatePoison, type IsolationSteps } from './poison-isolation';

class PoisonException extends Error {}
class SinkDownException extends Error {}

interface Script {
  poison?: readonly number[];
  /** The handler call (1-based) from which the sink is down. */
  sinkDownFromCall?: number;
  deadLetterFails?: boolean;
  stopAfterCalls?: number;
}

/** A fake sink of numbers: fails a whole batch if it holds a poison number, as a transaction would. */
function fakeSink(script: Script) {
  const applied: number[] = [];
  const deadLetters: number[] = [];
  const calls: number[][] = [];
  const steps: IsolationSteps<number> = {
    run: async (messages) => {
      calls.push([...messages]);
      if (script.sinkDownFromCall !== undefined && calls.length >= script.sinkDownFromCall) {
        throw new SinkDownException('down');
      }
      if (messages.some((message) => script.poison?.includes(message))) throw new PoisonException('bad');
      applied.push(...messages);
    },
    classify: (error): FailureKind => (error instanceof SinkDownException ? 'transient' : 'poison'),
    deadLetter: async (message) => {
      if (script.deadLetterFails) throw new SinkDownException('dead-letter topic unavailable');
      deadLetters.push(message);
    },
    stopping: () => script.stopAfterCalls !== undefined && calls.length >= script.stopAfterCalls,
  };
  return { steps, applied, deadLetters, calls };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('isolatePoison', () => {
  it('dead-letters the one poison message of a batch and applies everything else, in order', async () => {
    const sink = fakeSink({ poison: [37] });
    const result = await isolatePoison(range(100), new PoisonException('bad'), sink.steps);

    expect(result).toEqual({ settled: 100 });
    expect(sink.deadLetters).toEqual([37]);
    expect(sink.applied).toEqual(range(100).filter((n) => n !== 37));
    // Bisection: about 2 log2(100) calls, not 100.
    expect(sink.calls.length).toBeLessThanOrEqual(14);
  });

  it('finds several poison messages, adjacent ones included', async () => {
    const sink = fakeSink({ poison: [0, 5, 6, 19] });
    const result = await isolatePoison(range(20), new PoisonException('bad'), sink.steps);

    expect(result).toEqual({ settled: 20 });
    expect(sink.deadLetters).toEqual([0, 5, 6, 19]);
    expect(sink.applied).toEqual(range(20).filter((n) => ![0, 5, 6, 19].includes(n)));
  });

  it('dead-letters a single-message batch without calling the handler again', async () => {
    const sink = fakeSink({ poison: [7] });
    const error = new PoisonException('bad');
    expect(await isolatePoison([7], error, sink.steps)).toEqual({ settled: 1 });
    expect(sink.calls).toEqual([]);
    expect(sink.deadLetters).toEqual([7]);
  });

  it('stops at a transient failure with what it settled so far, dead-lettering nothing more', async () => {
    const sink = fakeSink({ poison: [12], sinkDownFromCall: 2 });
    const result = await isolatePoison(range(16), new PoisonException('bad'), sink.steps);

    // Call 1 applied 0-7; call 2 (8-15) met the sink down.
    expect(result.settled).toBe(8);
    expect(result.stop?.kind).toBe('transient');
    expect(result.stop?.error).toBeInstanceOf(SinkDownException);
    expect(sink.applied).toEqual(range(8));
    expect(sink.deadLetters).toEqual([]);
  });

  it('treats a dead-letter topic that cannot be written as transient, leaving the message unsettled', async () => {
    const sink = fakeSink({ poison: [1], deadLetterFails: true });
    const result = await isolatePoison(range(4), new PoisonException('bad'), sink.steps);

    expect(result.settled).toBe(1);
    expect(result.stop?.kind).toBe('transient');
    expect(sink.applied).toEqual([0]);
  });

  it('starts no handler call once the consumer is closing', async () => {
    const sink = fakeSink({ poison: [3], stopAfterCalls: 1 });
    const result = await isolatePoison(range(8), new PoisonException('bad'), sink.steps);

    expect(result).toEqual({ settled: 0, stop: { kind: 'closing' } });
    expect(sink.calls).toHaveLength(1);
  });
});
