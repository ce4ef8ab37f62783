import { DynamicModule, Module } from '@nestjs/common';
import type { LoggingConfig } from '@pulse/config';
import { LoggerModule } from 'nestjs-pino';

/** Credentials that may travel in headers or bodies; pino replaces them before a line is written. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  // A gateway-signed identity is a short-lived bearer token: never in a log.
  'req.headers["x-pulse-gateway-identity"]',
  'req.query.writeKey',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
];

const quietPaths = new Set(['/health/live', '/health/ready', '/metrics']);

/** One JSON object per line on stdout, the app's name on every line; pretty only when asked. */
@Module({})
export class LoggingModule {
  static forRoot(config: LoggingConfig, app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.level,
            base: { app },
            redact: { paths: redactedPaths, censor: '[redacted]' },
            autoLogging: { ignore: (request) => quietPaths.has((request.url ?? '').split('?')[0] ?? '') },
            transport: config.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
