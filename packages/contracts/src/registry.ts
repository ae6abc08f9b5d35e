import { Value } from '@sinclair/typebox/value';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { Static, TSchema } from '@sinclair/typebox';
import './formats.ts';
import { BaseEnvelope } from './envelope.ts';
import { TOPICS, type TopicName } from './topics.ts';
import { IntakeEvents } from './events/intake.ts';
import { DvEvents } from './events/dv.ts';
import { LegalAidEvents } from './events/legal-aid.ts';
import { ElderCareEvents } from './events/elder-care.ts';
import { OversightEvents } from './events/oversight.ts';
import { DvAssignmentEvents, ElderCareAssignmentEvents, LegalAidAssignmentEvents } from './assignment.ts';

/** Per topic, the event schemas that may appear on it. */
export const TOPIC_EVENTS = {
  [TOPICS.intake]: IntakeEvents,
  [TOPICS.dv]: [...DvEvents, ...DvAssignmentEvents],
  [TOPICS.legalAid]: [...LegalAidEvents, ...LegalAidAssignmentEvents],
  [TOPICS.elderCare]: [...ElderCareEvents, ...ElderCareAssignmentEvents],
  [TOPICS.oversight]: OversightEvents,
} as const satisfies Record<TopicName, readonly TSchema[]>;

type AllSchemas = (typeof TOPIC_EVENTS)[keyof typeof TOPIC_EVENTS][number];
/** The discriminated union of every known event. */
export type LinkageEvent = Static<AllSchemas>;
export type EventType = LinkageEvent['type'];
export type EventOf<T extends EventType> = Extract<LinkageEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

interface Entry {
  topic: TopicName;
  strict: TSchema;
  lenient: TSchema;
  /** Compiled on first use: the same answers as `Value.Check`, without walking the schema each time. */
  strictCheck?: TypeCheck<TSchema>;
  lenientCheck?: TypeCheck<TSchema>;
}

const strictCheck = (e: Entry) => (e.strictCheck ??= TypeCompiler.Compile(e.strict));
const lenientCheck = (e: Entry) => (e.lenientCheck ??= TypeCompiler.Compile(e.lenient));

/** Consumers tolerate fields they do not know (forward compatible); producers may not add any. */
function lenient(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lenient);
  if (schema && typeof schema === 'object') {
    const out: Record<string | symbol, unknown> = {};
    for (const k of Reflect.ownKeys(schema)) {
      if (k === 'additionalProperties') continue;
      out[k] = lenient((schema as Record<string | symbol, unknown>)[k]);
    }
    return out;
  }
  return schema;
}

const registry = new Map<string, Entry>();
for (const [topic, schemas] of Object.entries(TOPIC_EVENTS) as [TopicName, readonly TSchema[]][]) {
  for (const s of schemas) {
    const type = (s.properties as { type: { const: string } }).type.const;
    registry.set(type, { topic, strict: s, lenient: lenient(s) as TSchema });
  }
}

/** An event type's schemas: `produce` (unknown fields rejected) and `consume` (tolerated); undefined if unknown. */
export function eventSchemas(type: string): { produce: TSchema; consume: TSchema } | undefined {
  const e = registry.get(type);
  return e && { produce: e.strict, consume: e.lenient };
}

export const isKnownType = (type: string): type is EventType => registry.has(type);
export const knownTypes = (): string[] => [...registry.keys()];

export function topicOf(type: EventType): TopicName {
  const e = registry.get(type);
  if (!e) throw new Error(`unknown event type ${type}`);
  return e.topic;
}

export class EventValidationError extends Error {
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'EventValidationError';
  }
}

function errorsOf(schema: TSchema, value: unknown) {
  return [...Value.Errors(schema, value)].slice(0, 10).map((e) => ({ path: e.path, message: e.message }));
}

/** Validate an event before it is written to the outbox: strict, unknown fields rejected. */
export function assertValidForProduce(event: unknown): asserts event is LinkageEvent {
  const type = (event as { type?: unknown })?.type;
  const entry = typeof type === 'string' ? registry.get(type) : undefined;
  if (!entry) throw new EventValidationError(`unknown event type ${String(type)}`, []);
  if (!strictCheck(entry).Check(event)) {
    throw new EventValidationError(`invalid ${type} event`, errorsOf(entry.strict, event));
  }
}

let baseLenientSchema: TSchema | undefined;
let baseChecker: TypeCheck<TSchema> | undefined;
const baseLenient = () => (baseLenientSchema ??= lenient(BaseEnvelope) as TSchema);
const baseCheck = () => (baseChecker ??= TypeCompiler.Compile(baseLenient()));

export type ParseResult =
  | { kind: 'ok'; event: LinkageEvent }
  | { kind: 'unknown'; type: string; id: string | undefined }
  | { kind: 'invalid'; error: EventValidationError };

/** Parse and validate a consumed message value. Unknown types are not errors: they are skipped. */
export function parseConsumed(raw: string | Buffer | null): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw === null ? 'null' : raw.toString('utf8'));
  } catch (e) {
    return { kind: 'invalid', error: new EventValidationError(`not JSON: ${(e as Error).message}`, []) };
  }
  if (!baseCheck().Check(value)) {
    return {
      kind: 'invalid',
      error: new EventValidationError('not a CloudEvents 1.0 envelope', errorsOf(baseLenient(), value)),
    };
  }
  const v = value as { type: string; id: string };
  const entry = registry.get(v.type);
  if (!entry) return { kind: 'unknown', type: v.type, id: v.id };
  if (!lenientCheck(entry).Check(value)) {
    return {
      kind: 'invalid',
      error: new EventValidationError(`invalid ${v.type} event`, errorsOf(entry.lenient, value)),
    };
  }
  return { kind: 'ok', event: value as LinkageEvent };
}
