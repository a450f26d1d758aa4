/**
 * The shim's logger (Fastify's pino) on stderr. Request logging is off; what is logged
 * never includes Cookie or Authorization headers, tokens, or query strings (an OAuth
 * `code` travels in one), so no secret reaches a log line.
 */
import pino, { type DestinationStream, type LoggerOptions } from 'pino';
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

export function loggerOptions(
  level: LogLevel,
  stream?: DestinationStream
): LoggerOptions & { stream: DestinationStream } {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: request => ({ method: request.method, path: String(request.url).split('?')[0] }),
      res: response => ({ statusCode: response.statusCode })
    },
    stream: stream ?? pino.destination({ dest: 2, sync: true })
  };
}
