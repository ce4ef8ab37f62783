import 'reflect-metadata';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidConfigurationException, type HttpConfig } from '@pulse/config';
import { PinoNestLogger } from '@pulse/logging';

/** sysexits' EX_CONFIG: orchestrators and people can tell a bad deployment from a crash. */
export const EXIT_INVALID_CONFIGURATION = 78;

export interface AppDefinition<C extends { http: HttpConfig }> {
  name: string;
  loadConfig(): C;
  module(config: C): Type<unknown> | DynamicModule;
  /** Attaches consumers (our Kafka transport) to the app before it starts listening. */
  connectMicroservices?(app: INestApplication, config: C): void;
}

/**
 * Every deployable starts the same way: configuration validated before anything opens a
 * connection, JSON logs from the first line, graceful shutdown on SIGTERM.
 */
export async function runApp<C extends { http: HttpConfig }>(definition: AppDefinition<C>): Promise<INestApplication> {
  let config: C;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (error instanceof InvalidConfigurationException) {
      process.stderr.write(
        // Shaped like pino's lines (60 = fatal): the logger does not exist yet.
        `${JSON.stringify({ level: 60, time: Date.now(), app: definition.name, code: error.code, msg: error.message })}\n`,
      );
      process.exit(EXIT_INVALID_CONFIGURATION);
    }
    throw error;
  }
  const app = await NestFactory.create(definition.module(config), { bufferLogs: true });
  const logger = app.get(PinoNestLogger);
  app.useLogger(logger);
  // No need to tell every client which framework answers.
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  closeOnSignals(app, logger);
  if (definition.connectMicroservices) {
    definition.connectMicroservices(app, config);
    // Providers (topics, migrations) are ready before any consumer joins its group.
    await app.init();
    await app.startAllMicroservices();
  }
  await app.listen(config.http.port, config.http.host);
  logger.log(`${definition.name} listening on http://${config.http.host}:${config.http.port}`, 'Bootstrap');
  return app;
}

/** Past this, a shutdown that hangs (a stuck connection) gives way to an exit. */
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * SIGTERM and SIGINT close the app (in-flight work finishes, connections close, shutdown hooks
 * run) and exit 0; Nest's own hooks would re-raise the signal and hide a clean stop.
 */
function closeOnSignals(app: INestApplication, logger: PinoNestLogger): void {
  const close = (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting`, undefined, 'Bootstrap');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          undefined,
          'Bootstrap',
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}
