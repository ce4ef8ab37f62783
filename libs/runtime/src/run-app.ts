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
        `${JSON.stringify({ level: 'fatal', app: definition.name, code: error.code, msg: error.message })}\n`,
      );
      process.exit(EXIT_INVALID_CONFIGURATION);
    }
    throw error;
  }
  const app = await NestFactory.create(definition.module(config), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  app.get(PinoNestLogger).log(`${definition.name} listening on http://${config.http.host}:${config.http.port}`, 'Bootstrap');
  return app;
}
