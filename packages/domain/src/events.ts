import {
  assertValidForProduce,
  formatActor,
  type Actor,
  type EventData,
  type EventOf,
  type EventType,
  type LinkageEvent,
} from '@linkage/contracts';
import { DomainError } from './errors.ts';
import { uuidv7 } from './ids.ts';

/**
 * An event a decide function wants emitted: its type and data, typed against the contracts. The
 * application layer adds the envelope with `buildEvents` — the one way events are built.
 * `subject`, `time` and `id` override the context's for this one event (an event about another
 * case; an order that lapsed at its end date; a deterministic id for an event that may be derived
 * again, see `uuidv7From`).
 */
export type Emit = {
  [T in EventType]: { type: T; data: EventData<T>; subject?: string; time?: Date; id?: string };
}[EventType];

/** What a decide function returns: the events to emit, or why the command is refused. */
export type Decision<E extends Emit = Emit> = E[] | DomainError;

/** The application layer's step after decide: the events, or the refusal thrown for the HTTP layer to map. */
export function orThrow<T>(decision: T | DomainError): T {
  if (decision instanceof DomainError) throw decision;
  return decision;
}

/** Who acts, as pure code needs it: role and department, never a name. */
export type { Actor };

/** The system itself acting (a scheduler, a consumer): one spelling in every service. */
export function systemActor(service: string): Actor & { sub: string } {
  return { sub: `svc:${service}`, role: 'system', dept: `svc:${service}` };
}

/** The envelope's shared fields: the service, the case, who acted, when, and the causal chain. */
export interface EventContext {
  /** `/services/<name>` */
  source: string;
  /** The case id: the event's subject and its Kafka key. */
  subject: string;
  actor: Actor;
  time: Date;
  correlationid?: string | undefined;
  causationid?: string | undefined;
  /**
   * One command's events form a chain: the first is caused by `causationid` (the request or the
   * consumed event), each later one by the first (e.g. a case opened, then the referrals it requested).
   */
  chain?: boolean;
}

/** Turn decided events into validated CloudEvents, in order, sharing one context. */
export function buildEvents(emits: readonly Emit[], ctx: EventContext): LinkageEvent[] {
  const out: LinkageEvent[] = [];
  for (const e of emits) {
    const first = out[0];
    out.push(
      newEvent(e.type, {
        source: ctx.source,
        subject: e.subject ?? ctx.subject,
        actor: ctx.actor,
        time: e.time ?? ctx.time,
        data: e.data as EventData<typeof e.type>,
        correlationid: ctx.correlationid ?? (ctx.chain ? first?.correlationid : undefined),
        causationid: ctx.chain && first ? first.id : ctx.causationid,
        ...(e.id ? { id: e.id } : {}),
      }),
    );
  }
  return out;
}

/** Exhaustiveness guard for switches over commands, events and states. */
export function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}

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

/**
 * Build one CloudEvents envelope and validate it strictly (an invalid event is a bug: it throws).
 * Services call `buildEvents`; this is exported for tests and tools that forge a single event.
 */
export function newEvent<T extends EventType>(type: T, args: NewEventArgs<T>): EventOf<T> {
  const time = args.time ?? new Date();
  const id = args.id ?? uuidv7(time.getTime());
  const event: unknown = {
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
  return event as EventOf<T>;
}
