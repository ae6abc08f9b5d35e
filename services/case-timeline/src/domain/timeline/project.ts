import { parseActor, type LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import type { MessageMeta } from '@linkage/messaging';
import { timelineEntries } from '../../db/schema.ts';
import { applyClockEffects, applyOversight } from '../clocks/apply.ts';
import { CLOCK_RULES } from '../clocks/rules.ts';
import { projectSummary } from '../summary/project.ts';
import { describe } from './describe.ts';
import { deriveNotifications } from '../notifications/derive.ts';

/**
 * Project one event: the timeline entry, the case summary and the clocks, in the consumer's
 * transaction (with its inbox row — a redelivered event changes nothing).
 */
export async function project(event: LinkageEvent, tx: Executor, meta: MessageMeta): Promise<void> {
  const actor = parseActor(event.actor);
  const inserted = await tx
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
    .onConflictDoNothing()
    .returning({ eventId: timelineEntries.eventId });
  if (inserted.length === 0) return;
  if (event.type === 'oversight.sla.warning.v1' || event.type === 'oversight.sla.breached.v1') {
    await applyOversight(tx, event);
    await deriveNotifications(tx, event, new Date());
    return;
  }
  await projectSummary(tx, event);
  await applyClockEffects(
    tx,
    event.subject,
    event.id,
    { type: event.type, time: event.time, data: event.data as Record<string, unknown> },
    CLOCK_RULES,
  );
  await deriveNotifications(tx, event, new Date());
}
