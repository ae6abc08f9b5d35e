/**
 * An error message safe to log or to attach to a dead letter: drizzle's query errors carry the
 * query's parameters (which may be personal data); we keep only the database's own message.
 */
export function safeErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 500);
  const cause = (err as { cause?: unknown }).cause;
  const base = err.message.startsWith('Failed query:') && cause instanceof Error ? cause.message : err.message;
  const i = base.indexOf('\nparams:');
  return (i >= 0 ? base.slice(0, i) : base).slice(0, 2000);
}

/** postgres.js connection errors and Node socket errors: the database is unreachable, not the event at fault. */
const TRANSIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_STREAM_DESTROYED',
  // SQLSTATE: shutting down / crashed / starting up, too many connections, serialization, deadlock
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
]);

/**
 * Whether an error says the database is unreachable or the transaction lost a race (retry without
 * limit: the event is fine) rather than that the event cannot be applied. Looks through drizzle's
 * `cause` and an AggregateError's `errors` (Node reports a refused multi-address connect that way).
 */
export function isTransientDbError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const cause = (err as { cause?: unknown }).cause;
  if (cause && isTransientDbError(cause, depth + 1)) return true;
  const errors = (err as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.some((e) => isTransientDbError(e, depth + 1));
}
