import { Type, type Static } from '@sinclair/typebox';
import {
  CaseCategory,
  Channel,
  CLOSE_REASONS,
  ConsentDepartment,
  Need,
  PO_MEASURES,
  REOPEN_REASONS,
  RiskLevel,
  StreetCode,
} from '@linkage/contracts';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Phone = Type.String({ pattern: '^\\+?[0-9 -]{5,20}$', maxLength: 20 });
/** Format only; the checksum and birth date are checked in victim/validate.ts. */
const IdNumber = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', maxLength: 18 });
const BirthYear = Type.Integer({ minimum: 1900, maximum: 2200 });

export const CALLER_RELATIONS = ['self', 'family', 'neighbour', 'friend', 'colleague', 'institution', 'other'] as const;
export const PERPETRATOR_RELATIONS = [
  'spouse',
  'former_spouse',
  'partner',
  'former_partner',
  'parent',
  'child',
  'sibling',
  'other_family',
  'carer',
  'other',
] as const;
export const VIOLENCE_TYPES = [
  'physical',
  'psychological',
  'sexual',
  'economic',
  'neglect',
  'stalking_harassment',
  'threats',
  'confinement',
] as const;
export const SEXES = ['female', 'male', 'unknown'] as const;

export const Caller = Type.Object(
  {
    anonymous: Type.Boolean(),
    relation: lit(CALLER_RELATIONS),
    name: Type.Optional(Text(100)),
    phone: Type.Optional(Phone),
    safeToCallBack: Type.Boolean(),
    safeTime: Type.Optional(Text(100)),
    safeNumber: Type.Optional(Phone),
  },
  { additionalProperties: false },
);

export const Victim = Type.Object(
  {
    name: Type.Optional(Text(100)),
    sex: Type.Optional(lit(SEXES)),
    birthYear: Type.Optional(BirthYear),
    age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    phone: Type.Optional(Phone),
    address: Type.Optional(Text(300)),
    idNumber: Type.Optional(IdNumber),
    street: Type.Optional(StreetCode),
    /** Whether she can safely be called back, and when (for the police, the shelter, counselling). */
    safeToCallBack: Type.Optional(Type.Boolean()),
    safeTime: Type.Optional(Text(100)),
    /** Her children (for the shelter: how many come with her, their ages). */
    children: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({ minimum: 0, maximum: 20 }),
          ages: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 17 }), { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
    medicalNeeds: Type.Optional(Text(1000)),
    accessibilityNeeds: Type.Optional(Text(1000)),
    /** Who cares for her (elder care). */
    carer: Type.Optional(
      Type.Object(
        { name: Type.Optional(Text(100)), phone: Type.Optional(Phone), relation: Type.Optional(Text(50)) },
        { additionalProperties: false },
      ),
    ),
    protection: Type.Optional(
      Type.Object(
        {
          minor: Type.Optional(Type.Boolean()),
          elderly: Type.Optional(Type.Boolean()),
          disabled: Type.Optional(Type.Boolean()),
          pregnantOrBreastfeeding: Type.Optional(Type.Boolean()),
          seriouslyIll: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Victim = Static<typeof Victim>;

export const Perpetrator = Type.Object(
  {
    relation: lit(PERPETRATOR_RELATIONS),
    name: Type.Optional(Text(100)),
    sex: Type.Optional(lit(SEXES)),
    phone: Type.Optional(Phone),
    idNumber: Type.Optional(IdNumber),
    address: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);

export const Incident = Type.Object(
  {
    occurredAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    place: Type.Optional(Text(300)),
    street: Type.Optional(StreetCode),
    violenceTypes: Type.Array(lit(VIOLENCE_TYPES), { maxItems: VIOLENCE_TYPES.length, uniqueItems: true }),
    description: Type.Optional(Text(10_000)),
    injuries: Type.Optional(Text(2000)),
    /** Weapons used or threatened, in the operator's words. */
    weapons: Type.Optional(Text(1000)),
    childrenPresent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Item ids are checked against the active checklist version (it is configurable). */
const ChecklistItem = Type.String({ pattern: '^[a-z][a-z0-9_]{1,49}$' });
export const RiskAnswers = Type.Object(
  {
    yes: Type.Array(ChecklistItem, { maxItems: 60, uniqueItems: true }),
    judgement: Type.Optional(RiskLevel),
    judgementReason: Type.Optional(Text(1000)),
  },
  { additionalProperties: false },
);
export type RiskAnswers = Static<typeof RiskAnswers>;

export const ConsentInput = Type.Partial(
  Type.Object({
    police: Type.Boolean(),
    court: Type.Boolean(),
    legal_aid: Type.Boolean(),
    shelter: Type.Boolean(),
    health: Type.Boolean(),
    elder_care: Type.Boolean(),
  }),
  { additionalProperties: false },
);
export type ConsentInput = Static<typeof ConsentInput>;

const Needs = Type.Array(Need, { maxItems: 5, uniqueItems: true });

/** What a receiving department is asked for: the court's measures, legal aid's matter (encrypted; dossiers only). */
export const Requests = Type.Object(
  {
    measuresSought: Type.Optional(
      Type.Array(lit(PO_MEASURES), { minItems: 1, maxItems: PO_MEASURES.length, uniqueItems: true }),
    ),
    matterSummary: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type Requests = Static<typeof Requests>;

export const OpenCaseBody = Type.Object(
  {
    channel: Channel,
    category: CaseCategory,
    caller: Type.Optional(Caller),
    victim: Type.Optional(Victim),
    perpetrator: Type.Optional(Perpetrator),
    incident: Type.Optional(Incident),
    needs: Needs,
    risk: Type.Optional(RiskAnswers),
    consent: Type.Optional(ConsentInput),
    /** The victim's wishes in her words (encrypted). */
    wishes: Type.Optional(Text(2000)),
    narrative: Type.Optional(Type.String({ maxLength: 10_000 })),
    requests: Type.Optional(Requests),
  },
  { additionalProperties: false },
);
export type OpenCaseBody = Static<typeof OpenCaseBody>;

/** A versioned update: each section given replaces the stored one. */
export const UpdateCaseBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    category: Type.Optional(CaseCategory),
    caller: Type.Optional(Caller),
    victim: Type.Optional(Victim),
    perpetrator: Type.Optional(Perpetrator),
    incident: Type.Optional(Incident),
    needs: Type.Optional(Needs),
    narrative: Type.Optional(Type.String({ maxLength: 10_000 })),
    requests: Type.Optional(Requests),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type UpdateCaseBody = Static<typeof UpdateCaseBody>;

export const ConsentBody = Type.Object(
  { consent: ConsentInput, wishes: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export type ConsentBody = Static<typeof ConsentBody>;

export const OverrideBody = Type.Object(
  { department: ConsentDepartment, reason: Type.String({ minLength: 10, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type OverrideBody = Static<typeof OverrideBody>;

export const CloseBody = Type.Object(
  { reason: lit(CLOSE_REASONS), note: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;
export const ReopenBody = Type.Object(
  { reason: lit(REOPEN_REASONS), note: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export type ReopenBody = Static<typeof ReopenBody>;

export const NoteBody = Type.Object({ text: Text(5000) }, { additionalProperties: false });
export type NoteBody = Static<typeof NoteBody>;

/**
 * ADVL Art. 14: 学校、幼儿园、医疗机构、居民委员会、村民委员会、社会工作服务机构、救助管理机构、福利机构 (and their staff)
 * must report. `other` stays for an institution the law's list does not name (the duty is the same ground).
 */
export const MANDATORY_REPORTER_KINDS = [
  'school',
  'kindergarten',
  'hospital',
  'residents_committee',
  'village_committee',
  'social_work_agency',
  'relief_management_institution',
  'welfare_institution',
  'other',
] as const;
/**
 * ADVL Art. 14: the duty covers 无民事行为能力人、限制民事行为能力人 only (Civil Code Arts. 19–22: a minor; an adult who
 * cannot, or cannot fully, recognise their own conduct). Old age, disability or illness alone are not grounds —
 * a capable adult's case goes through intake with her consent.
 */
export const CAPACITY_GROUNDS = ['minor', 'adult_no_capacity', 'adult_limited_capacity'] as const;

/** A mandatory report (ADVL Art. 14) by a school, hospital, committee or agency. */
export const MandatoryReportBody = Type.Object(
  {
    reporterKind: lit(MANDATORY_REPORTER_KINDS),
    /** Who at the institution to call back (confidential, encrypted, never shown to other departments). */
    reporterContact: Type.Optional(
      Type.Object({ name: Type.Optional(Text(100)), phone: Type.Optional(Phone) }, { additionalProperties: false }),
    ),
    capacity: lit(CAPACITY_GROUNDS),
    category: Type.Optional(CaseCategory),
    victim: Type.Optional(Victim),
    perpetrator: Type.Optional(Perpetrator),
    incident: Type.Optional(Incident),
    narrative: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);
export type MandatoryReportBody = Static<typeof MandatoryReportBody>;
