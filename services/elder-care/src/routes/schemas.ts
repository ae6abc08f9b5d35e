import { Type, type TSchema } from '@sinclair/typebox';
import { CapabilityLevel } from '@linkage/contracts';
import { Person } from '../domain/client/referral.ts';

// Response schemas of the elder-care API (request bodies live with their domain commands).

export const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();

export const Client = Type.Object({
  id: Str,
  caseId: Str,
  channel: Str,
  status: Str,
  street: Nullable(Str),
  riskLevel: Str,
  livingSituation: Nullable(Str),
  caregiver: Nullable(Type.Object({ relation: Str, strain: Str })),
  hardship: Type.Array(Str),
  level: Nullable(Str),
  respiteDaysPerYear: Type.Integer(),
  assessBy: Str,
  reassessBy: Nullable(Str),
  referredAt: Str,
  version: Type.Integer(),
  /** The officer (token `sub`) the client is assigned to, null when unassigned (lists only). */
  assignee: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export const ClientView = Type.Composite([
  Client,
  Type.Object({
    identified: Type.Boolean(),
    person: Type.Optional(Nullable(Person)),
    caregiverContact: Type.Optional(Nullable(Type.Object({ name: Type.Optional(Str), phone: Type.Optional(Str) }))),
  }),
]);
export const Assessment = Type.Object({
  id: Str,
  clientId: Str,
  level: CapabilityLevel,
  levelZh: Str,
  /** GB/T 42195-2022: the level from the total, the adjustments that made `level`, and 失智 recorded. */
  baseLevel: CapabilityLevel,
  adjustments: Type.Array(Str),
  dementia: Type.Boolean(),
  totalScore: Type.Integer(),
  domainScores: Type.Record(Str, Type.Integer()),
  respiteDaysPerYear: Type.Integer(),
  assessor: Type.Object({ sub: Str, dept: Str }),
  assessedAt: Str,
  reassessBy: Str,
});
export const Booking = Type.Object({
  id: Str,
  clientId: Str,
  facilityId: Str,
  startDate: Str,
  endDate: Str,
  days: Type.Integer(),
  status: Str,
  daysDelivered: Nullable(Type.Integer()),
  daysLeftThisYear: Type.Optional(Type.Integer()),
  dueAt: Type.Optional(Str),
});
export const Visit = Type.Object({ id: Str, clientId: Str, serviceType: Str, dueAt: Str, status: Str });
export const FamilyBed = Type.Object({ id: Str, clientId: Str, status: Str, setUpAt: Str, reviewBy: Str });
export const Placement = Type.Object({ id: Str, clientId: Str, facilityId: Str, status: Str, costBasis: Str });
export const PlacementEnd = Type.Object({ id: Str, status: Str, nextPlaced: Type.Array(Str) });
export const Training = Type.Object({ id: Str, clientId: Str, topic: Str, hours: Type.Integer(), heldAt: Str });
export const Safeguarding = Type.Object({
  id: Str,
  clientId: Str,
  outcome: Str,
  consentBasis: Nullable(Str),
  raisedAt: Str,
});
export const Facility = Type.Object({
  id: Str,
  kind: Str,
  name: Str,
  street: Nullable(Str),
  capacity: Type.Integer(),
  active: Type.Boolean(),
});
export const Counts = Type.Object({
  respite_days_delivered: Type.Integer(),
  home_visits_delivered: Type.Integer(),
  home_visits_missed: Type.Integer(),
  placements_made: Type.Integer(),
  family_beds_set_up: Type.Integer(),
  caregiver_trainings: Type.Integer(),
  safeguarding_referred: Type.Integer(),
});
export const Indicators = Type.Object({
  from: Str,
  to: Str,
  street: Nullable(Str),
  total: Counts,
  byStreet: Type.Array(Type.Composite([Type.Object({ street: Str }), Counts])),
  institutionBeds: Type.Object({
    capacity: Type.Integer(),
    inUse: Type.Integer(),
    byStreet: Type.Array(Type.Object({ street: Str, capacity: Type.Integer(), inUse: Type.Integer() })),
  }),
});

export const ClientParams = Type.Object({ clientId: Id });
