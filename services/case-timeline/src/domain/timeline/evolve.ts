import { parseActor, type LinkageEvent } from '@linkage/contracts';
import { describe } from './describe.ts';

/** Where on Kafka the event was read (the consumer's message metadata). */
export interface Position {
  topic: string;
  partition: number;
  offset: string;
}

/** One row per event of a case, from every topic: the case's end-to-end timeline. */
export interface TimelineEntry {
  eventId: string;
  caseId: string;
  type: string;
  source: string;
  topic: string;
  partition: number;
  offset: string;
  occurredAt: Date;
  causationId: string | null;
  actorRole: string;
  actorDept: string;
  summary: string;
  data: unknown;
}

/** The timeline's change for an event: one new entry (written once; a redelivered event adds nothing). */
export function entryOf(event: LinkageEvent, at: Position): TimelineEntry {
  const actor = parseActor(event.actor);
  return {
    eventId: event.id,
    caseId: event.subject,
    type: event.type,
    source: event.source,
    topic: at.topic,
    partition: at.partition,
    offset: at.offset,
    occurredAt: new Date(event.time),
    causationId: event.causationid ?? null,
    actorRole: actor.role,
    actorDept: actor.dept,
    summary: describe(event),
    data: event.data,
  };
}
