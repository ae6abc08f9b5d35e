import { Type, type Static } from '@sinclair/typebox';
import { DateTime, DeptCode, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Oversight events (`oversight.sla.<verb>.v1`), published on `oversight.events` by case-timeline
// when a statutory or platform clock reaches its warning point or its deadline.

export const SEVERITIES = ['critical', 'high', 'normal'] as const;
export const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));

const ClockFacts = Type.Object(
  {
    clockId: Uuid,
    ruleId: Type.String({ pattern: '^[a-z_]+$', maxLength: 64 }),
    /** What is being timed (a referral id, an application id…), as the rule names it. */
    subjectKey: Type.String({ minLength: 1, maxLength: 200 }),
    caseId: Uuid,
    /** The department whose action the clock waits for. */
    dept: Type.Union([DeptCode, Type.Null()]),
    street: Type.Union([StreetCode, Type.Null()]),
    severity: Severity,
    startedAt: DateTime,
    deadline: DateTime,
  },
  { additionalProperties: false },
);

/** A clock passed its warning point (e.g. 75 % of the time elapsed) and is still open: at risk. */
export const SlaWarningV1 = eventSchema(
  'oversight.sla.warning.v1',
  Type.Composite([ClockFacts, Type.Object({ warnAt: DateTime })], { additionalProperties: false }),
);
/** A clock passed its deadline without the expected step: breached. */
export const SlaBreachedV1 = eventSchema(
  'oversight.sla.breached.v1',
  Type.Composite([ClockFacts, Type.Object({ breachedAt: DateTime })], { additionalProperties: false }),
);

export const OversightEvents = [SlaWarningV1, SlaBreachedV1] as const;
export type OversightEvent = Static<(typeof OversightEvents)[number]>;
export type SlaWarningV1 = Static<typeof SlaWarningV1>;
export type SlaBreachedV1 = Static<typeof SlaBreachedV1>;
