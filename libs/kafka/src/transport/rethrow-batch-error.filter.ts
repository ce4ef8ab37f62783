import { Catch, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns every handler error into `{ status: 'error', message:
 * 'Internal server error' }`, which would hide from the transport what it needs to decide
 * between a retry, a pause and a dead letter (the class, the code, the cause) and what the
 * dead letter must record. This one hands the error on untouched.
 */
@Catch()
export class RethrowBatchErrorFilter implements ExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
