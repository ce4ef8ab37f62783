import type { FailureKind } from './failure-classifier';

export interface IsolationSteps<M> {
  /** Applies these messages as one batch; throws as the handler did. */
  run(messages: readonly M[]): Promise<void>;
  classify(error: unknown): FailureKind;
  /** Parks one message with the error it caused; a failure here counts as transient. */
  deadLetter(message: M, error: unknown): Promise<void>;
  /** True once the consumer is closing: no new handler call starts. */
  stopping(): boolean;
}

export interface IsolationStop {
  kind: 'transient' | 'stale' | 'closing';
  error?: unknown;
}

export interface IsolationResult {
  /** How many messages, from the start and in order, were applied or dead-lettered. */
  settled: number;
  /** Why isolation ended before the last message, if it did. */
  stop?: IsolationStop;
}

/**
 * Finds the poison in a batch that failed as a whole, by bisection: halves that succeed are
 * applied as batches, a single message that still fails is dead-lettered, and the stream moves on.
 * One poison message in n costs about 2 log2(n) handler calls instead of n. Order is kept: a
 * message is settled only after every message before it. A transient or stale failure stops
 * the search, leaving what is settled settled, because it says nothing about the messages.
 */
export async function isolatePoison<M>(
  messages: readonly M[],
  firstError: unknown,
  steps: IsolationSteps<M>,
): Promise<IsolationResult> {
  let settled = 0;

  const deadLetter = async (index: number, error: unknown): Promise<IsolationStop | undefined> => {
    try {
      await steps.deadLetter(messages[index] as M, error);
    } catch (failure) {
      return { kind: steps.classify(failure) === 'stale' ? 'stale' : 'transient', error: failure };
    }
    settled = index + 1;
    return undefined;
  };

  const settle = async (from: number, to: number): Promise<IsolationStop | undefined> => {
    if (steps.stopping()) return { kind: 'closing' };
    try {
      await steps.run(messages.slice(from, to));
      settled = to;
      return undefined;
    } catch (error) {
      const kind = steps.classify(error);
      if (kind !== 'poison') return { kind, error };
      if (to - from === 1) return deadLetter(from, error);
      return split(from, to);
    }
  };

  const split = async (from: number, to: number): Promise<IsolationStop | undefined> => {
    const middle = from + Math.ceil((to - from) / 2);
    return (await settle(from, middle)) ?? settle(middle, to);
  };

  // The whole batch has just failed: start with its halves, or park it if it is one message.
  const stop = messages.length === 1 ? await deadLetter(0, firstError) : await split(0, messages.length);
  return stop ? { settled, stop } : { settled };
}
