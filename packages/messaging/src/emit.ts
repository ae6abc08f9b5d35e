import type { Executor } from '@linkage/db';
import { buildEvents, type Emit, type EventContext } from '@linkage/domain';
import { enqueue, enqueueTraced } from './outbox.ts';
import type { TraceContextFields } from './tracing.ts';

/**
 * Write decided events to the outbox in the caller's transaction: `buildEvents` (the one way
 * events are built: envelope, correlation, causation, actor) then `enqueue`.
 */
export async function emitEvents(tx: Executor, emits: readonly Emit[], ctx: EventContext): Promise<void> {
  if (emits.length === 0) return;
  await enqueue(tx, buildEvents(emits, ctx));
}

/**
 * `emitEvents` for many commands at once (a consumer batch's effects): each command's events built from its own
 * context, then all of them written in one outbox insert, in order, each carrying its command's trace context
 * (`Consumed.trace`: the consumer span of the event that caused it).
 */
export async function emitEventsBatch(
  tx: Executor,
  commands: readonly { emits: readonly Emit[]; ctx: EventContext; trace?: TraceContextFields | undefined }[],
): Promise<void> {
  await enqueueTraced(
    tx,
    commands.flatMap((c) => buildEvents(c.emits, c.ctx).map((event) => ({ event, trace: c.trace }))),
  );
}
