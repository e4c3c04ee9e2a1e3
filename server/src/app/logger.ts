import pino, { type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config/settings.ts';

/** Paths whose values never reach the log, whatever a caller passes. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  '*.authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.apiKey',
  '*.api_key',
  '*.key',
  '*.token',
  '*.secret',
  '*.prompt',
  '*.reply',
  '*.messages',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'portcullis' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** The process logger (pino, JSON lines on stdout), handed to Fastify. */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(loggerOptions(config.logLevel), destination ?? pino.destination({ sync: false }));
}
