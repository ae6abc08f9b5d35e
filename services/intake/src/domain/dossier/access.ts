import { holds, type Principal } from '@linkage/auth/policy';
import { AuthError } from '@linkage/domain';
import { DOSSIERS, sharingGround, type DossierDeptType, type SharingFacts, type SharingGround } from './fields.ts';

/** A hand-off as the access rule reads it (department type, the departments holding it, its status). */
export interface HeldHandoff {
  ref: string;
  deptType: string;
  depts: string[];
  status: string;
}

const ENDED: Record<string, string> = {
  declined: 'Your department declined this referral: its access to her data ended.',
  withdrawn: 'This referral was withdrawn: your department’s access to her data ended.',
  closed: 'This referral is closed: your department’s access to her data ended.',
};

const LABEL: Record<DossierDeptType, string> = {
  police: 'the police',
  court: 'the court',
  shelter: 'a shelter',
  health: 'health services',
  counselling: 'counselling',
  wf: 'the women’s federation (mediation)',
  legal_aid: 'legal aid',
  elder_care: 'elder care',
};

const isDeptType = (t: string): t is DossierDeptType => Object.hasOwn(DOSSIERS, t);

/** The caller's department holds this hand-off (the shared rule: department + streets) in a role that works it. */
const mine = (who: Principal, h: HeldHandoff, street: string | null) =>
  isDeptType(h.deptType) && DOSSIERS[h.deptType].roles.includes(who.role) && holds(who, { depts: h.depts, street });

/**
 * The open hand-off through which the caller's department may read the case's dossier, or why it may
 * not: it holds none, or the one it held ended (declined, withdrawn, closed).
 */
export function openHandoffOf<H extends HeldHandoff>(
  who: Principal,
  handoffs: readonly H[],
  street: string | null,
): (H & { deptType: DossierDeptType }) | AuthError {
  const held = handoffs.filter((h) => mine(who, h, street));
  const first = held[0];
  if (!first)
    return new AuthError(403, 'no_referral', 'Your department holds no referral or application for this case.');
  const open = held.find((h) => h.status === 'open');
  if (!open || !isDeptType(open.deptType))
    return new AuthError(
      403,
      `referral_${first.status}`,
      ENDED[first.status] ?? 'Your department’s access to this case ended.',
    );
  return { ...open, deptType: open.deptType };
}

/** Why this department type may see her data (consent, a statutory exception, an audited override), or a refusal. */
export function dossierGround(type: DossierDeptType, f: SharingFacts): SharingGround | AuthError {
  return (
    sharingGround(type, f) ??
    new AuthError(
      403,
      'no_consent',
      `She has not consented to sharing her case with ${LABEL[type]}, and no audited override names it: your department sees nothing of her data.`,
    )
  );
}
