import { Type } from '@sinclair/typebox';

export const RequestPlacementBody = Type.Object(
  { facilityId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const EndPlacementBody = Type.Object(
  {
    reason: Type.Union([
      Type.Literal('discharged'),
      Type.Literal('deceased'),
      Type.Literal('moved'),
      Type.Literal('withdrawn'),
    ]),
  },
  { additionalProperties: false },
);
