import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { RethrowBatchErrorFilter } from './rethrow-batch-error.filter';

/** Identifies KafkaBatchTransport, so that a hybrid app's other transports leave its handlers alone. */
export const KAFKA_BATCH_TRANSPORT = Symbol('KAFKA_BATCH_TRANSPORT');

/** Set on handlers declared with BatchEventPattern; the transport refuses handlers without it. */
export const BATCH_HANDLER_EXTRA = 'pulseKafkaBatch';

/**
 * Declares the batch handler of a topic, called with the batch (`@Payload() batch: KafkaBatch`;
 * `@Ctx()` gives its KafkaBatchContext, also at `batch.context`). Use it instead of a bare
 * @EventPattern, which would let Nest's default filter replace the handler's errors with a
 * generic one.
 */
export function BatchEventPattern(topic: string): MethodDecorator {
  return applyDecorators(
    EventPattern<string>(topic, KAFKA_BATCH_TRANSPORT, { [BATCH_HANDLER_EXTRA]: true }),
    UseFilters(new RethrowBatchErrorFilter()),
  );
}
