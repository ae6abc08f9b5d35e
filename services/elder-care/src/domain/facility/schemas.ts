import { Type, type Static } from '@sinclair/typebox';
import { StreetCode } from '@linkage/contracts';

export const CreateFacilityBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('respite_provider'), Type.Literal('institution')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    street: Type.Union([StreetCode, Type.Null()]),
    /** Respite places per day, or institution beds. */
    capacity: Type.Integer({ minimum: 0, maximum: 5000 }),
  },
  { additionalProperties: false },
);
export type CreateFacilityBody = Static<typeof CreateFacilityBody>;
