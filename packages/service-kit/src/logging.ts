import type { LoggerOptions } from 'pino';

/** Paths pino censors: tokens and every personal field, at any of the depths we log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...['name', 'phone', 'address', 'idNumber', 'narrative', 'safeNumber', 'safeContact', 'victim', 'caller', 'perpetrator', 'reporter', 'applicant', 'body'].flatMap(
    (f) => [f, `*.${f}`, `*.*.${f}`],
  ),
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // drizzle errors carry query parameters (personal data): keep the database's message only
      err: (err: Error & { cause?: unknown }) => ({
        type: err.name,
        message: (err.message.startsWith('Failed query:') && err.cause instanceof Error ? err.cause.message : err.message).split('\nparams:')[0],
        code: (err as { code?: string }).code,
        stack: err.stack?.split('\nparams:')[0],
      }),
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}
