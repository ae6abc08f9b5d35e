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
