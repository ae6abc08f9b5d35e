import { Type } from '@sinclair/typebox';
import { RiskLevel } from '@linkage/contracts';

// Response shapes of the case routes (request bodies are the domain's schemas.ts).

export const Referral = Type.Object({ requestId: Type.String(), target: Type.String(), consentBasis: Type.String() });
export const Flags = Type.Object({
  minor: Type.Boolean(),
  elderly: Type.Boolean(),
  disabled: Type.Boolean(),
  pregnantOrBreastfeeding: Type.Boolean(),
  seriouslyIll: Type.Boolean(),
});
export const Score = Type.Object({
  checklistVersion: Type.String(),
  yesCount: Type.Integer(),
  scoredLevel: RiskLevel,
  level: RiskLevel,
  raisedByJudgement: Type.Boolean(),
});
export const Duplicate = Type.Object({
  caseId: Type.String(),
  caseNumber: Type.String(),
  matchedOn: Type.Array(Type.String()),
  withinRepeatWindow: Type.Boolean(),
  status: Type.Optional(Type.String()),
});
export const AnyObject = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]);
export const StatusEntry = Type.Object({
  ref: Type.String(),
  service: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  assignedDept: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const UnmetNeed = Type.Object({
  need: Type.String(),
  reason: Type.Union([Type.Literal('consent_withheld'), Type.Literal('no_department')]),
});

export const OpenedCase = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  status: Type.String(),
  riskLevel: RiskLevel,
  risk: Score,
  repeat: Type.Boolean(),
  flags: Flags,
  duplicates: Type.Array(Duplicate),
  referrals: Type.Array(Referral),
  withheld: Type.Array(Type.Object({ target: Type.String(), reason: Type.String() })),
  /** Needs no department will act on: the operator is told here, and the case shows them. */
  unmetNeeds: Type.Array(UnmetNeed),
  version: Type.Integer(),
});

export const CommandResult = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  status: Type.String(),
  riskLevel: Type.String(),
  version: Type.Integer(),
  referrals: Type.Array(Referral),
  risk: Type.Optional(Type.Intersect([Score, Type.Object({ assessmentId: Type.String() })])),
});

export const CaseView = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  riskLevel: Type.String(),
  repeat: Type.Boolean(),
  status: Type.String(),
  closeReason: Type.Union([Type.String(), Type.Null()]),
  flags: Flags,
  ageBand: Type.String(),
  needs: Type.Array(Type.String()),
  violenceTypes: Type.Array(Type.String()),
  perpetratorRelation: Type.Union([Type.String(), Type.Null()]),
  consent: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Null()])),
  overrides: Type.Array(Type.String()),
  openedAt: Type.String(),
  version: Type.Integer(),
  referrals: Type.Array(Referral),
  riskAssessments: Type.Array(
    Type.Object({
      id: Type.String(),
      checklistVersion: Type.String(),
      yesCount: Type.Integer(),
      level: Type.String(),
      raisedByJudgement: Type.Boolean(),
      assessedAt: Type.String(),
    }),
  ),
  statusSummary: Type.Array(StatusEntry),
  unmetNeeds: Type.Array(UnmetNeed),
  identified: Type.Boolean(),
  victim: Type.Optional(AnyObject),
  caller: Type.Optional(AnyObject),
  perpetrator: Type.Optional(AnyObject),
  incident: Type.Optional(AnyObject),
  wishes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  narrative: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  requests: Type.Optional(AnyObject),
  duplicates: Type.Optional(Type.Array(Duplicate)),
  mandatoryReport: Type.Optional(
    Type.Union([
      Type.Object({ receiptNumber: Type.String(), reporterKind: Type.String(), capacity: Type.String() }),
      Type.Null(),
    ]),
  ),
});

export const CaseSummary = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  riskLevel: Type.String(),
  repeat: Type.Boolean(),
  status: Type.String(),
  openedAt: Type.String(),
  version: Type.Integer(),
});

export const Params = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
export const DupParams = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  otherCaseId: Type.String({ format: 'uuid' }),
});
