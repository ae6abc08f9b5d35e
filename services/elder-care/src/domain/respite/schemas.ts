import { Type, type Static } from '@sinclair/typebox';

const LocalDate = Type.String({ format: 'date', maxLength: 10 });
export const BookRespiteBody = Type.Object(
  { facilityId: Type.String({ format: 'uuid' }), startDate: LocalDate, endDate: LocalDate },
  { additionalProperties: false },
);
export type BookRespiteBody = Static<typeof BookRespiteBody>;
export const DeliverRespiteBody = Type.Object(
  { daysDelivered: Type.Integer({ minimum: 0, maximum: 366 }) },
  { additionalProperties: false },
);
