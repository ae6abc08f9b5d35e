import { buildEvents, uuidv7, type Emit, type EventContext } from '@linkage/domain';
import type { LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { enqueue } from '@linkage/messaging';

/**
 * A decided command's events: the first is the command's own and carries the context's causation (the event a
 * consumer reacted to, if any); every later one — a report's receipt, the screening, the referral requests — is
 * caused by it, so the timeline never shows an effect before its cause.
 */
export function decidedEvents(emits: readonly Emit[], ctx: EventContext): LinkageEvent[] {
  const [first, ...rest] = emits;
  if (!first) return [];
  const own = { ...first, id: first.id ?? uuidv7(ctx.time.getTime()) };
  return [...buildEvents([own], ctx), ...buildEvents(rest, { ...ctx, causationid: own.id })];
}

/** Write a decided command's events to the outbox in the caller's transaction. */
export async function emitDecided(tx: Executor, emits: readonly Emit[], ctx: EventContext): Promise<void> {
  await enqueue(tx, decidedEvents(emits, ctx));
}
