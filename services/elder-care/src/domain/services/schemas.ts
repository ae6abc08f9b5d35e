import { Type, type Static } from '@sinclair/typebox';

export const HOME_SERVICE_TYPES = [
  'personal_care',
  'meal',
  'cleaning',
  'health_check',
  'rehabilitation',
  'companionship',
] as const;
export const ScheduleVisitBody = Type.Object(
  {
    serviceType: Type.Union(HOME_SERVICE_TYPES.map((t) => Type.Literal(t))),
    dueAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type ScheduleVisitBody = Static<typeof ScheduleVisitBody>;
export const FamilyBedBody = Type.Object(
  { providerId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export const TrainingBody = Type.Object(
  {
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    hours: Type.Integer({ minimum: 1, maximum: 40 }),
    heldAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type TrainingBody = Static<typeof TrainingBody>;
