import { Type, type Static } from '@sinclair/typebox';
import { ITEM_IDS, ITEM_MAX } from './levels.ts';

/** A capability assessment as recorded: GB/T 42195-2022 item scores and the facts that adjust the level. */
export const AssessBody = Type.Object(
  {
    items: Type.Object(
      Object.fromEntries(ITEM_IDS.map((id) => [id, Type.Integer({ minimum: 0, maximum: ITEM_MAX[id]! })])),
      { additionalProperties: false },
    ),
    /**
     * GB/T 42195-2022 level adjustments: coma; diagnosed dementia / other mental disorder; care-risk events in 30 days.
     */
    coma: Type.Optional(Type.Boolean()),
    diagnosis: Type.Optional(
      Type.Union([Type.Literal('dementia'), Type.Literal('other_mental_disorder'), Type.Null()]),
    ),
    careRiskEventsLast30Days: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type AssessBody = Static<typeof AssessBody>;
