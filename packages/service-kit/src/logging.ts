import type { LoggerOptions } from 'pino';

/** Paths pino censors: tokens and every personal field, at any of the depths we log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...[
    'name',
    'phone',
    'address',
    'idNumber',
    'narrative',
    'safeNumber',
    'safeContact',
    'victim',
    'caller',
    'perpetrator',
    'reporter',
    'applicant',
    'body',
  ].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // drizzle errors carry query parameters (personal data): keep the database's message only.
      // Total: whatever is logged as `err` (an Error, a string, an object without a message) is
      // serialised without throwing — a throwing serializer turns a log call into a crash.
      err: serializeError,
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}

const cutParams = (s: string): string => s.split('\nparams:')[0] ?? s;

export function serializeError(err: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) {
    const message =
      typeof err === 'string'
        ? err
        : typeof (err as { message?: unknown })?.message === 'string'
          ? String((err as { message: string }).message)
          : String(err);
    return { type: typeof err, message: cutParams(message) };
  }
  const own = typeof err.message === 'string' ? err.message : String(err.message);
  const cause = (err as { cause?: unknown }).cause;
  const message = own.startsWith('Failed query:') && cause instanceof Error ? cause.message : own;
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: cutParams(message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof err.stack === 'string' ? { stack: cutParams(err.stack) } : {}),
  };
}
