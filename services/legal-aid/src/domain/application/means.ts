import type { Static } from '@sinclair/typebox';
import type { LegalAidMeansBasis, LegalAidMeansOutcome } from '@linkage/contracts';
import { assertNever, orThrow, ValidationError } from '@linkage/domain';

export type MeansBasis = Static<typeof LegalAidMeansBasis>;
export type MeansOutcome = Static<typeof LegalAidMeansOutcome>;

export interface MeansInput {
  basis: MeansBasis;
  /** Art. 32(4): the victim asserts rights related to the violence, abuse or abandonment. */
  assertsRelatedRights?: boolean | undefined;
  /** Art. 41: the hardship check found the applicant within the local hardship standard. */
  meetsHardshipStandard?: boolean | undefined;
}

export interface MeansResult {
  outcome: MeansOutcome;
  basis: MeansBasis;
  legalBasis: string;
}

export const LEGAL_BASIS: Record<MeansBasis, string> = {
  dv_abuse_abandonment_victim: '《法律援助法》第三十二条第（四）项 LAL Art. 32(4): exempt from the means test',
  // LAL Art. 42 (免予核查经济困难状况): (一) 无固定生活来源的未成年人、老年人、残疾人等特定群体; (二) 社会救助、司法救助或者
  // 优抚对象; (三) 申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员; (四) 法律、法规、规章规定的其他人员.
  elderly_without_fixed_income:
    '《法律援助法》第四十二条第（一）项 LAL Art. 42(1): elderly, no fixed income — verification waived',
  minor_without_fixed_income:
    '《法律援助法》第四十二条第（一）项 LAL Art. 42(1): minor, no fixed income — verification waived',
  disabled_without_fixed_income:
    '《法律援助法》第四十二条第（一）项 LAL Art. 42(1): disabled, no fixed income — verification waived',
  social_assistance_recipient:
    '《法律援助法》第四十二条第（二）项 LAL Art. 42(2): social assistance — verification waived',
  judicial_assistance_recipient:
    '《法律援助法》第四十二条第（二）项 LAL Art. 42(2): judicial assistance — verification waived',
  special_care_recipient:
    '《法律援助法》第四十二条第（二）项 LAL Art. 42(2): special care (优抚) — verification waived',
  migrant_worker_wages_or_work_injury:
    '《法律援助法》第四十二条第（三）项 LAL Art. 42(3): migrant worker, wages or work injury — verification waived',
  other_statutory_waiver:
    '《法律援助法》第四十二条第（四）项 LAL Art. 42(4): others named by law or rule — verification waived',
  hardship_personal_pledge: '《法律援助法》第四十一条 LAL Art. 41: personal pledge (个人诚信承诺)',
  hardship_verified_data: '《法律援助法》第四十一条 LAL Art. 41: verified by data sharing (信息共享查询)',
};

/**
 * The means test with its statutory exemptions: DV, abuse and abandonment victims asserting related
 * rights are exempt (Art. 32(4)); the persons Art. 42(1)–(4) names need no hardship verification;
 * anyone else passes a hardship check with a recorded basis (Art. 41).
 */
export function meansTest(input: MeansInput): MeansResult | ValidationError {
  const result = (outcome: MeansOutcome): MeansResult => ({
    outcome,
    basis: input.basis,
    legalBasis: LEGAL_BASIS[input.basis],
  });
  switch (input.basis) {
    case 'dv_abuse_abandonment_victim':
      if (input.assertsRelatedRights !== true) {
        return new ValidationError(
          'exemption_not_applicable',
          'Art. 32(4) exempts a victim only when she asserts rights related to the violence, abuse or abandonment.',
        );
      }
      return result('exempt');
    case 'elderly_without_fixed_income':
    case 'minor_without_fixed_income':
    case 'disabled_without_fixed_income':
    case 'social_assistance_recipient':
    case 'judicial_assistance_recipient':
    case 'special_care_recipient':
    case 'migrant_worker_wages_or_work_injury':
    case 'other_statutory_waiver':
      return result('waived');
    case 'hardship_personal_pledge':
    case 'hardship_verified_data':
      if (input.meetsHardshipStandard === undefined) {
        return new ValidationError(
          'hardship_result_required',
          'A hardship check must record whether the applicant meets the hardship standard.',
        );
      }
      return result(input.meetsHardshipStandard ? 'eligible' : 'ineligible');
    default:
      return assertNever(input.basis);
  }
}

/** The means test where a refusal is thrown (a direct application: an invalid exemption claim is a 400). */
export const assessMeans = (input: MeansInput): MeansResult => orThrow(meansTest(input));

/** A referral from intake for a DV or abuse case asserts exactly the rights Art. 32(4) covers. */
export function meansFromIntakeCategory(category: string): MeansResult | null {
  return category === 'domestic_violence' || category === 'elder_abuse'
    ? assessMeans({ basis: 'dv_abuse_abandonment_victim', assertsRelatedRights: true })
    : null;
}
