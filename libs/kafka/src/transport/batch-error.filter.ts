import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns any error a handler throws into
 * `{ status: 'error', message: 'Internal server error' }`. The Kafka transport
 * needs the error itself: its message names the stall on /readyz and in the
 * logs (consumer-stalls.ts). Registered globally by the boot functions.
 */
@Catch()
export class BatchErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
