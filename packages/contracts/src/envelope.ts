import { Type, type Static, type TSchema, type TObject, type TLiteral, type TString, type TOptional } from '@sinclair/typebox';
import { DateTime, Uuid } from './common.ts';

/**
 * CloudEvents 1.0 structured-mode envelope. Extensions: `correlationid`, `causationid`,
 * `actor` ("<role>@<dept>", never a person's name — CloudEvents extension values are scalars).
 */
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
