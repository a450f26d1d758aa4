/**
 * The shim's logger (pino, as Fastify uses) on stderr. Request logging is off; what is logged
 * never includes Cookie or Authorization headers, tokens, or query strings (an OAuth
 * `code` travels in one), so no secret reaches a log line.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

/** Field names whose values are secrets wherever they appear in a logged object. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'globus_token',
  '*.globus_token'
];

export function createLogger(level: LogLevel, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err }
    },
    stream ?? pino.destination({ dest: 2, sync: true })
  );
}
