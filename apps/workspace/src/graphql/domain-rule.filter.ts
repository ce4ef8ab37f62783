import { Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainRuleException } from '@pulse/domain';

/**
 * A refused command is an answer, not a fault: hand it to the GraphQL error formatter without
 * Nest's error-level log line and stack trace, which would drown real failures.
 */
@Catch(DomainRuleException)
export class DomainRuleFilter implements ExceptionFilter {
  catch(exception: DomainRuleException): DomainRuleException {
    return exception;
  }
}
