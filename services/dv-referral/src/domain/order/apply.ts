import type { PO_APPLICANTS, PO_MEASURES, PO_ON_BEHALF_GROUNDS } from '@linkage/contracts';
import { ConflictError, ValidationError, type Decision, type DomainError } from '@linkage/domain';
import { deptKind, HELD_POLICY, refusal, type Actor } from '../access.ts';

export type Applicant = (typeof PO_APPLICANTS)[number];
export type Measure = (typeof PO_MEASURES)[number];
export type OnBehalfGround = (typeof PO_ON_BEHALF_GROUNDS)[number];
/** 法释〔2022〕17号 Art. 2: these grounds allow an application on her behalf only according to her wishes. */
const BY_HER_WISHES: readonly OnBehalfGround[] = ['old_age', 'disability', 'serious_illness'];

export interface ApplyInput {
  orderId: string;
  caseId: string;
  courtDept: string;
  applicant: Applicant;
  measures: Measure[];
  urgent: boolean;
  /** Art. 23 / 法释〔2022〕17号 Art. 2: why she cannot apply herself (required when someone applies on her behalf). */
  onBehalfGround?: OnBehalfGround | null | undefined;
  /** 法释〔2022〕17号 Art. 2: she wants the order (required for old age, disability or serious illness). */
  herWishes?: boolean | undefined;
  /** She applies herself with the women's federation's help. */
  assistedBy?: 'women_federation' | null | undefined;
}

/**
 * ADVL Art. 23: she applies herself; someone applies on her behalf only when she has no or limited civil capacity or
 * cannot apply because of coercion, intimidation or the like — and (法释〔2022〕17号 Art. 2) old age, disability or
 * serious illness, according to her wishes. A capable woman who wants an order applies herself, with help (409
 * otherwise).
 */
export function checkStanding(
  i: Pick<ApplyInput, 'applicant' | 'onBehalfGround' | 'herWishes'>,
): DomainError | undefined {
  if (i.applicant === 'victim') {
    if (i.onBehalfGround)
      return new ValidationError('ground_without_representative', 'She applies herself: no on-behalf ground.', [
        { path: '/onBehalfGround', message: 'only for an application on her behalf' },
      ]);
    return undefined;
  }
  if (!i.onBehalfGround) {
    return new ConflictError(
      'no_standing_on_her_behalf',
      "ADVL Art. 23: an application on her behalf needs a ground — no or limited civil capacity, coercion or intimidation, or (SPC 2022 Art. 2) old age, disability or serious illness. A capable woman applies herself, with the federation's help (applicant `victim`).",
    );
  }
  if (BY_HER_WISHES.includes(i.onBehalfGround) && i.herWishes !== true) {
    return new ConflictError(
      'not_her_wish',
      'SPC 法释〔2022〕17号 Art. 2: on the grounds of old age, disability or serious illness an application is filed on her behalf only according to her wishes.',
    );
  }
  return undefined;
}

/** ADVL Art. 23 application: by the victim or on her behalf; measures from Art. 29; urgent or not. */
export function decideApply(actor: Actor, input: ApplyInput, now: Date): Decision {
  const notFiler = refusal(
    HELD_POLICY,
    actor,
    'file_order',
    undefined,
    'not_allowed',
    'Not allowed to file a protection-order application.',
  );
  if (notFiler) return notFiler;
  if (deptKind(input.courtDept) !== 'court')
    return new ValidationError('not_a_court', `${input.courtDept} is not a court.`, [
      { path: '/courtDept', message: 'must be a court' },
    ]);
  const otherCourt =
    actor.role === 'court_clerk' &&
    refusal(
      HELD_POLICY,
      actor,
      'court',
      { dept: input.courtDept },
      'other_court',
      'A clerk registers applications to their own court.',
    );
  if (otherCourt) return otherCourt;
  if (actor.role === 'police_officer' && input.applicant !== 'police' && input.applicant !== 'victim')
    return new ValidationError(
      'applicant_mismatch',
      'The police file on their own behalf or record the victim’s application.',
      [{ path: '/applicant', message: 'not for this filer' }],
    );
  const standing = checkStanding(input);
  if (standing) return standing;
  return [
    {
      type: 'dv.protection_order.applied.v1',
      data: {
        orderId: input.orderId,
        caseId: input.caseId,
        courtDept: input.courtDept,
        applicant: input.applicant,
        measures: input.measures,
        urgent: input.urgent,
        appliedAt: now.toISOString(),
        onBehalfGround: input.onBehalfGround ?? null,
        assistedBy: input.assistedBy ?? null,
      },
    },
  ];
}
