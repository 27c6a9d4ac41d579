import type { LoggerService } from '@nestjs/common';
import type { Log } from './logger';

/** Routes Nest's own log calls into the service's JSON logger. */
export class NestLogger implements LoggerService {
  constructor(private readonly target: Log) {}

  log(message: unknown, context?: string): void {
    this.target.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.target.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.target.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.target.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.target.trace({ context }, String(message));
  }
}
