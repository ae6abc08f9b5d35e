import { Type, type TSchema } from '@sinclair/typebox';
import {
  LegalAidClosureOutcome,
  LegalAidDocument,
  LegalAidMatterType,
  LegalAidMeansBasis,
  LegalAidProceedings,
  LegalAidProgressStage,
  LegalAidRefusalGround,
  LegalAidTerminationGround,
  LegalAidArt48Ground,
  LegalAidUrgency,
  LegalAidUrgentAidGround,
  StreetCode,
} from '@linkage/contracts';

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const body = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** The version the client read; a stale one gets 412. */
const Version = Type.Optional(Type.Integer({ minimum: 1 }));

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ApplicantBody = body({
  name: Text(100),
  gender: Type.Union([Type.Literal('female'), Type.Literal('male')]),
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
  address: Type.Optional(Text(300)),
  age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  street: Type.Optional(StreetCode),
});

const MeansFields = {
  basis: LegalAidMeansBasis,
  assertsRelatedRights: Type.Optional(Type.Boolean()),
  meetsHardshipStandard: Type.Optional(Type.Boolean()),
  evidence: Type.Optional(Text(2000)),
};

export const SubmitBody = body({
  channel: Type.Union([Type.Literal('walk_in'), Type.Literal('online'), Type.Literal('womens_federation')]),
  caseId: Type.Optional(Type.String({ format: 'uuid' })),
  matterType: LegalAidMatterType,
  proceedings: LegalAidProceedings,
  urgency: LegalAidUrgency,
  applicant: ApplicantBody,
  femaleLawyerRequested: Type.Optional(Type.Boolean()),
  documents: Type.Optional(Type.Array(LegalAidDocument, { maxItems: 20, uniqueItems: true })),
  summary: Type.Optional(Text(5000)),
  meansTest: Type.Optional(body(MeansFields)),
  opposingPartyLawyerIds: Type.Optional(
    Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10, uniqueItems: true }),
  ),
});

export const MeansBody = body({ ...MeansFields, version: Version });
/**
 * Approving or refusing is the act on which the centre keeps the applicant's identity for its decision: the officer
 * may send it as seen in intake's dossier (stored encrypted, like PUT /applications/:id/applicant) — never from an
 * event.
 */
export const ApproveBody = body({ version: Version, applicant: Type.Optional(ApplicantBody) });
/**
 * LAL Art. 43: every missing document at once, with the period she has to supply them (default 15 days; 视为撤回 after it).
 */
export const MaterialsRequestBody = body({
  supplyWithinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  version: Version,
});
/** LAL Art. 48: termination is a decision on one of the eight grounds, with written reasons. */
export const TerminateBody = body({ ground: LegalAidArt48Ground, reasons: Text(5000), version: Version });
export const MaterialsBody = body({
  documents: Type.Array(LegalAidDocument, { minItems: 1, maxItems: 20, uniqueItems: true }),
  version: Version,
});
export const UrgentAidBody = body({ ground: LegalAidUrgentAidGround, reason: Text(2000), version: Version });
export const RefuseBody = body({
  ground: LegalAidRefusalGround,
  reasons: Text(5000),
  version: Version,
  applicant: Type.Optional(ApplicantBody),
});
export const ObjectionBody = body({ grounds: Text(5000), version: Version });
export const ReviewBody = body({
  outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]),
  reasons: Text(5000),
  version: Version,
});
export const ConflictBody = body({
  lawyerId: Type.String({ format: 'uuid' }),
  reason: Type.Union([Type.Literal('represents_opposing_party'), Type.Literal('other')]),
});
export const AssignBody = body({ lawyerId: Type.Optional(Type.String({ format: 'uuid' })), version: Version });
export const NoteBody = body({ stage: LegalAidProgressStage, text: Text(5000) });
export const CloseBody = body({
  outcome: LegalAidClosureOutcome,
  terminationGround: Type.Optional(LegalAidTerminationGround),
  satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  /** LAL Art. 50: the closure report. */
  report: Text(20000),
  version: Version,
});

export const LawyerBody = body({
  name: Text(100),
  organisation: Text(200),
  gender: Type.Union([Type.Literal('female'), Type.Literal('male')]),
  practiceAreas: Type.Array(LegalAidMatterType, { minItems: 1, maxItems: 8, uniqueItems: true }),
  maxCases: Type.Integer({ minimum: 1, maximum: 200 }),
});

export const Summary = Type.Object({
  id: Type.String(),
  caseId: N(Type.String()),
  channel: Type.String(),
  matterType: Type.String(),
  proceedings: Type.String(),
  urgency: Type.String(),
  street: N(Type.String()),
  status: Type.String(),
  receivedAt: Type.String(),
  decideBy: Type.String(),
  clockPaused: Type.Boolean(),
  meansOutcome: N(Type.String()),
  urgentAidStarted: Type.Boolean(),
  assignBy: N(Type.String()),
  reviewBy: N(Type.String()),
  version: Type.Integer(),
  /** The centre's officer (token `sub`) it is assigned to, null when unassigned (lists only). */
  assignee: Type.Optional(N(Type.String())),
});

export const StatusView = Type.Object({
  id: Type.String(),
  caseId: N(Type.String()),
  status: Type.String(),
  receivedAt: Type.String(),
  decideBy: Type.String(),
  decidedAt: N(Type.String()),
  assignBy: N(Type.String()),
  assignedAt: N(Type.String()),
  reviewBy: N(Type.String()),
  closedAt: N(Type.String()),
});

const S = Type.String();
export const FullView = Type.Composite([
  Summary,
  Type.Object({
    requestId: N(S),
    centreDept: S,
    submittedByDept: S,
    applicantGender: S,
    femaleLawyerRequested: Type.Boolean(),
    applicant: N(Type.Record(S, Type.Union([S, Type.Number()]))),
    summary: N(S),
    documents: Type.Object({ required: Type.Array(S), provided: Type.Array(S), missing: Type.Array(S) }),
    meansTest: N(Type.Object({ outcome: S, basis: S, legalBasis: S, recordedAt: S, evidence: N(S) })),
    materialsRequest: N(Type.Object({ requestedAt: S, missing: Type.Array(S) })),
    urgentAid: N(Type.Object({ ground: S, startedAt: S })),
    decision: N(Type.Object({ decidedAt: S, approvedVia: N(S), refusalGround: N(S), refusalReasons: N(S) })),
    objection: N(
      Type.Object({ filedAt: S, reviewBy: S, grounds: N(S), outcome: N(S), reviewedAt: N(S), reviewReasons: N(S) }),
    ),
    assignment: N(
      Type.Object({ assignmentId: S, lawyerId: S, lawyerName: S, organisation: S, lawyerGender: S, assignedAt: S }),
    ),
    conflicts: Type.Array(Type.Object({ lawyerId: S, reason: S, recordedAt: S })),
    notes: Type.Array(Type.Object({ id: S, stage: S, notedAt: S, text: S })),
    closure: N(
      Type.Object({ closedAt: S, outcome: S, terminationGround: N(S), satisfaction: N(Type.Integer()), report: N(S) }),
    ),
  }),
]);

export const Lawyer = Type.Object({
  id: S,
  name: S,
  organisation: S,
  gender: S,
  practiceAreas: Type.Array(S),
  activeCases: Type.Integer(),
  maxCases: Type.Integer(),
  active: Type.Boolean(),
});

export const Indicator = Type.Object({
  indicator: S,
  from: S,
  to: S,
  /** INDICATOR_11's one definition (contracts), shared with the coordinator's view. */
  definition: S,
  total: Type.Integer(),
  byStreet: Type.Array(Type.Object({ street: S, count: Type.Integer() })),
  byMatterType: Type.Array(Type.Object({ matterType: S, count: Type.Integer() })),
  byStreetAndMatterType: Type.Array(Type.Object({ street: S, matterType: S, count: Type.Integer() })),
});
