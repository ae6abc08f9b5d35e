import { assertValidForProduce, formatActor, type Actor, type EventData, type EventOf, type EventType } from '@linkage/contracts';
import { uuidv7 } from './ids.ts';

export interface NewEventArgs<T extends EventType> {
  /** `/services/<name>` */
  source: string;
  /** The case id: the event's subject and its Kafka key. */
  subject: string;
  data: EventData<T>;
  actor: Actor;
  correlationid?: string | undefined;
  causationid?: string | undefined;
  time?: Date;
  /** A fixed id (a deterministic UUIDv7, see `uuidv7From`); by default a new one. */
  id?: string;
}

/** Build a CloudEvents envelope and validate it strictly (an invalid event is a bug: it throws). */
export function newEvent<T extends EventType>(type: T, args: NewEventArgs<T>): EventOf<T> {
  const time = args.time ?? new Date();
  const id = args.id ?? uuidv7(time.getTime());
  const event = {
    specversion: '1.0' as const,
    id,
    source: args.source,
    type,
    subject: args.subject,
    time: time.toISOString(),
    datacontenttype: 'application/json' as const,
    correlationid: args.correlationid ?? id,
    ...(args.causationid ? { causationid: args.causationid } : {}),
    actor: formatActor(args.actor),
    data: args.data,
  };
  assertValidForProduce(event);
  return event as unknown as EventOf<T>;
}
