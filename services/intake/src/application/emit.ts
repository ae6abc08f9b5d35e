import { uuidv7, type Emit, type EventContext } from '@linkage/domain';
import type { Executor } from '@linkage/db';
import { emitEvents } from '@linkage/messaging';

/**
 * Emit a decided command's events: the first is the command's own and carries the context's
 * causation (the event a consumer reacted to, if any); every later one — a report's receipt, the
 * screening, the referral requests — is caused by it, so the timeline never shows an effect before
 * its cause.
 */
export async function emitDecided(tx: Executor, emits: readonly Emit[], ctx: EventContext): Promise<void> {
  const [first, ...rest] = emits;
  if (!first) return;
  const own = { ...first, id: first.id ?? uuidv7(ctx.time.getTime()) };
  await emitEvents(tx, [own], ctx);
  await emitEvents(tx, rest, { ...ctx, causationid: own.id });
}
