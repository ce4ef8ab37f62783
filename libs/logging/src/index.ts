export { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
export * from './logging.module';
