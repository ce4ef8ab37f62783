/** Stable codes clients can branch on; GraphQL errors carry them in `extensions.code`. */
export type DomainErrorCode = 'VALIDATION_FAILED' | 'ALREADY_EXISTS' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'GONE';

/** A command refused by a business rule: the caller's input or the aggregate's state is wrong. */
export class DomainRuleException extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Which input field is at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainRuleException';
  }
}
