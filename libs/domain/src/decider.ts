/**
 * An aggregate as two pure functions (emmett's decider): `decide` turns a command and the
 * current state into new events or refuses it; `evolve` folds an event into the state.
 * Nothing here touches storage, so every rule unit-tests as given/when/then.
 */
export interface Decider<Command, Event, State> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export interface TypedEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export function foldEvents<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
