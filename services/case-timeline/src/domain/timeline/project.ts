import { parseActor, type LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import type { MessageMeta } from '@linkage/messaging';
import { timelineEntries } from '../../db/schema.ts';
import { describe } from './describe.ts';

/** Project one event into the case's timeline (idempotent by event id). */
export async function project(event: LinkageEvent, tx: Executor, meta: MessageMeta): Promise<void> {
  const actor = parseActor(event.actor);
  await tx
    .insert(timelineEntries)
    .values({
      eventId: event.id,
      caseId: event.subject,
      type: event.type,
      source: event.source,
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      occurredAt: new Date(event.time),
      causationId: event.causationid ?? null,
      actorRole: actor.role,
      actorDept: actor.dept,
      summary: describe(event),
      data: event.data,
    })
    .onConflictDoNothing();
}
