import { sql as dsql, type SQL } from 'drizzle-orm';
import { bulkInsert, OUTBOX_CHANNEL, outbox } from '@linkage/db';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
import { currentTraceContext, type TraceContextFields } from './tracing.ts';

/**
 * The outbox rows of events, in order, each with the trace context of what caused it (absent: the active span's,
 * which the relay sends on as the CloudEvents `traceparent` extension).
 */
export function outboxRows(items: readonly { event: LinkageEvent; trace?: TraceContextFields | undefined }[]) {
  const active = currentTraceContext();
  return items.map(({ event: e, trace }) => {
    const tc = trace ?? active;
    return {
      eventId: e.id,
      topic: topicOf(e.type),
      key: e.subject,
      type: e.type,
      payload: e,
      traceparent: tc.traceparent ?? null,
      tracestate: tc.tracestate ?? null,
    };
  });
}

/**
 * The statement writing events to the outbox (one JSON parameter), with the active span's trace context, to run alone
 * or inside `together`; `tail`: e.g. an ON CONFLICT clause.
 */
export const outboxInsert = (events: readonly LinkageEvent[], tail?: SQL): SQL =>
  bulkInsert(outbox, outboxRows(events.map((event) => ({ event }))), tail);

/** Wakes the relay; Postgres delivers it only when (and if) the transaction that sent it commits. */
export const outboxNotify = (): SQL => dsql`select pg_notify(${OUTBOX_CHANNEL}, '')`;
