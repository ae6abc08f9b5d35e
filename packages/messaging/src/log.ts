import type { LogFn } from 'pino';

/** The logger messaging needs: pino's, or Fastify's `app.log` (a pino logger behind Fastify's narrower type). */
export interface Log {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): Log;
}
