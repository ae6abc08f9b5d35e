import type { Executor } from '@linkage/db';
import { buildEvents, type Emit, type EventContext } from '@linkage/domain';
import { enqueue } from './outbox.ts';

/**
 * Write decided events to the outbox in the caller's transaction: `buildEvents` (the one way
 * events are built: envelope, correlation, causation, actor) then `enqueue`.
 */
export async function emitEvents(tx: Executor, emits: readonly Emit[], ctx: EventContext): Promise<void> {
  if (emits.length === 0) return;
  await enqueue(tx, buildEvents(emits, ctx));
}
