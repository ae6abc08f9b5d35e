import { Type, type Static } from '@sinclair/typebox';
import { StreetCode, Uuid, type ReferralRequestedV1 } from '@linkage/contracts';

export const LIVING_SITUATIONS = ['alone', 'with_spouse', 'with_children', 'left_behind', 'other'] as const;
export const HARDSHIP_FLAGS = ['low_income', 'special_family_planning', 'social_assistance'] as const;
export const CAREGIVER_RELATIONS = [
  'spouse',
  'child',
  'child_in_law',
  'grandchild',
  'other_relative',
  'neighbour',
  'paid_carer',
  'none',
] as const;
export const CAREGIVER_STRAIN = ['none', 'moderate', 'severe'] as const;

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));

export const Person = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    birthYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  },
  { additionalProperties: false },
);

export const Caregiver = Type.Object(
  {
    relation: lit(CAREGIVER_RELATIONS),
    strain: lit(CAREGIVER_STRAIN),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
  },
  { additionalProperties: false },
);

export const ReferClientBody = Type.Object(
  {
    /** The intake case, when there is one; a direct referral without a case gets a new case id. */
    caseId: Type.Optional(Uuid),
    person: Person,
    street: Type.Union([StreetCode, Type.Null()]),
    livingSituation: lit(LIVING_SITUATIONS),
    caregiver: Type.Optional(Caregiver),
    hardship: Type.Array(lit(HARDSHIP_FLAGS), { maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ReferClientBody = Static<typeof ReferClientBody>;

export const UpdateClientBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    person: Type.Optional(Person),
    street: Type.Optional(Type.Union([StreetCode, Type.Null()])),
    livingSituation: Type.Optional(lit(LIVING_SITUATIONS)),
    caregiver: Type.Optional(Caregiver),
    hardship: Type.Optional(Type.Array(lit(HARDSHIP_FLAGS), { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type UpdateClientBody = Static<typeof UpdateClientBody>;

/**
 * Does an intake referral request concern elder care? Only requests addressed to elder care
 * (intake routes age ≥ 60 with care needs, or a caregiver asking for help, to target `elder_care`).
 */
export const isElderCareRequest = (req: ReferralRequestedV1['data']): boolean => req.target === 'elder_care';

/** The personal fields that are encrypted at rest (never in events, never in clear columns). */
export function personalData(p: Static<typeof Person> | undefined, c: Static<typeof Caregiver> | undefined) {
  const caregiver: { name?: string; phone?: string } = {};
  if (c?.name !== undefined) caregiver.name = c.name;
  if (c?.phone !== undefined) caregiver.phone = c.phone;
  return { person: p ?? {}, caregiver };
}
