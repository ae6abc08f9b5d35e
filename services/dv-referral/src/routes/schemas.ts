import { Type, type TSchema } from '@sinclair/typebox';
import { PartiesView } from '../domain/order/parties.ts';

export const Id = Type.String({ format: 'uuid' });
export const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });
export const Text = (max = 2000) => Type.String({ minLength: 1, maxLength: max });
export const Dept = Type.String({ pattern: '^[a-z_]+:[a-z0-9_-]+$', maxLength: 64 });
export const Version = Type.Integer({ minimum: 1 });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Body = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
export const Lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const ReferralBase = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  department: Type.String(),
  assignedDept: Type.String(),
  riskLevel: Type.String(),
  status: Type.String(),
  acceptBy: Type.String(),
  createdAt: Type.String(),
  reasonCode: Nullable(Type.String()),
  version: Type.Integer(),
});
export const ReferralListItem = Type.Composite([
  ReferralBase,
  Type.Object({ street: Nullable(Type.String()), assignee: Type.Optional(Nullable(Type.String())) }),
]);
/** The receiving department's view: base plus only the fields its referral type needs. */
export const ReferralDetail = Type.Composite([
  ReferralBase,
  Type.Object({
    street: Type.Optional(Nullable(Type.String())),
    contact: Type.Optional(Type.Record(Type.String(), Type.String())),
    note: Type.Optional(Type.String()),
  }),
]);

export const Order = Type.Object({
  id: Type.String(),
  /** The clerk (token `sub`) the application is assigned to, null when unassigned (lists only). */
  assignee: Type.Optional(Nullable(Type.String())),
  caseId: Type.String(),
  courtDept: Type.String(),
  applicant: Type.String(),
  onBehalfGround: Type.Optional(Nullable(Type.String())),
  assistedBy: Type.Optional(Nullable(Type.String())),
  measures: Type.Array(Type.String()),
  urgent: Type.Boolean(),
  status: Type.String(),
  appliedAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  ruleBy: Nullable(Type.String()),
  ruledAt: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  reconsiderBy: Nullable(Type.String()),
  reasonCode: Nullable(Type.String()),
  served: Type.Record(Type.String(), Type.String()),
  reconsideration: Nullable(Type.String()),
  reconsiderationDecideBy: Type.Optional(Nullable(Type.String())),
  /** The parties the court registered (its own views only; encrypted at rest). */
  parties: Type.Optional(PartiesView),
  version: Type.Integer(),
});

export const Visit = Type.Object({
  id: Type.String(),
  dueAt: Type.String(),
  status: Type.String(),
  outcome: Type.Optional(Nullable(Type.String())),
  version: Type.Optional(Type.Integer()),
});
/** A residents'/village committee's visit (查访, ADVL Art. 17). */
export const CommitteeVisit = Type.Object({
  id: Type.String(),
  warningLetterId: Type.String(),
  caseId: Type.String(),
  dept: Type.String(),
  offsetDays: Type.Integer(),
  dueAt: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  visitedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export const WarningLetter = Type.Object({
  id: Type.String(),
  referralId: Type.String(),
  caseId: Type.String(),
  issuedAt: Type.String(),
  deliverBy: Type.String(),
  deliveries: Type.Record(Type.String(), Type.String()),
  visits: Type.Array(Visit),
  /** The committee's visits, once it is notified (Art. 17). */
  committeeVisits: Type.Optional(Type.Array(CommitteeVisit)),
  version: Type.Integer(),
});
export const Callout = Type.Object({
  id: Type.String(),
  referralId: Type.String(),
  caseId: Type.String(),
  occurredAt: Type.String(),
  outcome: Type.String(),
});

export const ShelterAvailability = Type.Object({
  id: Type.String(),
  dept: Type.String(),
  label: Type.String(),
  street: Nullable(Type.String()),
  capacity: Type.Integer(),
  occupied: Type.Integer(),
  available: Type.Integer(),
});
export const Placement = Type.Object({
  id: Type.String(),
  shelterId: Type.String(),
  caseId: Type.String(),
  referralId: Nullable(Type.String()),
  status: Type.String(),
  placedAt: Type.String(),
  checkedInAt: Nullable(Type.String()),
  checkedOutAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export const Assessment = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  healthDept: Type.String(),
  status: Type.String(),
  requestedAt: Type.String(),
  grade: Nullable(Type.String()),
  resultRef: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export const Session = Type.Object({
  id: Type.String(),
  referralId: Type.String(),
  caseId: Type.String(),
  heldAt: Type.String(),
  durationMinutes: Type.Integer(),
});
export const Followup = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  round: Type.Integer(),
  offsetDays: Type.Integer(),
  dueAt: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  visitedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export const DvCase = Type.Object({
  caseId: Type.String(),
  ownerDept: Type.String(),
  status: Type.String(),
  riskLevel: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  followups: Type.Array(Followup),
});

/** The abuser's education or correction programme (plan 二(七)4): no personal data. */
export const PerpetratorProgramme = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  programme: Type.String(),
  referredByDept: Type.String(),
  referredAt: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  concludedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
