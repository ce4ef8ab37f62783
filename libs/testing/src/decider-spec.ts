import { DomainRuleException, foldEvents, type Decider, type DomainErrorCode } from '@pulse/domain';

/**
 * given(events).when(command).then(events) | .thenRefuses(code): the shape of every decider
 * test, so a rule reads as its specification.
 */
export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (given: readonly Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, foldEvents(decider, given));
      return {
        then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
        thenRefuses: (code: DomainErrorCode, messagePart?: string) => {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainRuleException);
          expect((refusal as DomainRuleException).code).toBe(code);
          if (messagePart) expect((refusal as DomainRuleException).message).toContain(messagePart);
        },
      };
    },
  });
}
