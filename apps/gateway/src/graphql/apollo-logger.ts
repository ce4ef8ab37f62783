import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { Logger } from '@nestjs/common';

export type ApolloLogger = NonNullable<ApolloServerOptions<BaseContext>['logger']>;

/**
 * Apollo Server and Apollo Gateway log to the console by default, which would break the
 * one-JSON-object-per-line rule: route them through Nest's logger, that is pino.
 */
export function apolloLogger(context: string): ApolloLogger {
  const logger = new Logger(context);
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    debug: (message?: unknown) => logger.debug(text(message)),
    info: (message?: unknown) => logger.log(text(message)),
    warn: (message?: unknown) => logger.warn(text(message)),
    error: (message?: unknown) => logger.error(text(message)),
  };
}
