import {
  Type,
  type Static,
  type TSchema,
  type TObject,
  type TLiteral,
  type TString,
  type TOptional,
} from '@sinclair/typebox';
import { DateTime, Uuid } from './common.ts';

/**
 * CloudEvents 1.0 structured-mode envelope. Extensions: `correlationid`, `causationid`,
 * `actor` ("<role>@<dept>", never a person's name — CloudEvents extension values are scalars), and
 * the distributed-tracing extension `traceparent`/`tracestate` (W3C Trace Context; set by the
 * outbox relay when tracing is on).
 */
export const TraceParent = Type.String({
  pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
  description: 'W3C traceparent of the span that published the event',
});
export const TraceState = Type.String({ maxLength: 512, description: 'W3C tracestate' });

export function eventSchema<T extends string, D extends TSchema>(type: T, data: D) {
  return Type.Object(
    {
      specversion: Type.Literal('1.0'),
      id: Uuid,
      source: Type.String({ pattern: '^/services/[a-z-]+$' }),
      type: Type.Literal(type),
      subject: Uuid,
      time: DateTime,
      datacontenttype: Type.Literal('application/json'),
      correlationid: Uuid,
      causationid: Type.Optional(Uuid),
      actor: Type.String({ pattern: '^[a-z_]+@[a-z_]+:[a-z0-9_-]+$', maxLength: 100 }),
      traceparent: Type.Optional(TraceParent),
      tracestate: Type.Optional(TraceState),
      data,
    },
    { additionalProperties: false, $id: type },
  );
}

export type EventSchema = TObject<{
  specversion: TLiteral<'1.0'>;
  id: TString;
  source: TString;
  type: TLiteral<string>;
  subject: TString;
  time: TString;
  datacontenttype: TLiteral<'application/json'>;
  correlationid: TString;
  causationid: TOptional<TString>;
  actor: TString;
  traceparent: TOptional<TString>;
  tracestate: TOptional<TString>;
  data: TSchema;
}>;

/** What every event on every topic has, whatever its type (checked before the type is known). */
export const BaseEnvelope = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Uuid,
  source: Type.String(),
  type: Type.String({ pattern: '^[a-z_-]+(\\.[a-z_]+)+\\.v[0-9]+$' }),
  subject: Uuid,
  time: DateTime,
  data: Type.Unknown(),
});
export type BaseEnvelope = Static<typeof BaseEnvelope>;

export interface Actor {
  role: string;
  dept: string;
}
export const formatActor = (a: Actor): string => `${a.role}@${a.dept}`;
export function parseActor(s: string): Actor {
  const at = s.indexOf('@');
  return { role: s.slice(0, at), dept: s.slice(at + 1) };
}
