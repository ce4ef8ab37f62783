import { ReadModelLaggingException } from '../../queries/shared/workspace-read-model.repository';

/** After awaitVersion the row exists; if it vanished in between, say so rather than return null. */
export function found<T>(view: T | null, what: string): T {
  if (view === null) throw new ReadModelLaggingException(what, 'just written', 0);
  return view;
}
