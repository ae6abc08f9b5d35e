import type {
  CaseCategory,
  CLOSE_REASONS,
  ConsentDepartment,
  ConsentState,
  Need,
  REOPEN_REASONS,
  ReferralTarget,
  RiskLevel,
} from '@linkage/contracts';
import {
  addDays,
  assertNever,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  uuidv7,
  type Decision,
  type Emit,
} from '@linkage/domain';
import type { MatchKey } from '../duplicates/match.ts';
import { screenRisk, type Checklist, type RiskScore, type Screening } from '../risk/checklist.ts';
import { evolve } from './evolve.ts';
import { CASE_POLICY } from './policy.ts';
import { requestReferrals } from './referrals.ts';
import type { ConsentInput } from './schemas.ts';
import { mergeConsent, type CaseSection, type CaseState, type Channel, type VictimProfile } from './state.ts';

/** Open a case: every channel (hotline, walk-in, mandatory report, a direct elder-care referral) comes here. */
export interface OpenCase {
  kind: 'open';
  caseId: string;
  caseNumber: string;
  /** The unit that owns the case; announced so other services mirror intake's access rule. */
  ownerDept: string;
  channel: Channel;
  category: CaseCategory;
  needs: Need[];
  victim: VictimProfile;
  consent: ConsentState;
  /** The screening given at opening, if any (it is an event of its own). */
  risk?: Screening | undefined;
  checklist: Checklist;
  /** An earlier case for the same person within 12 months (from the blind-index lookup). */
  repeat: boolean;
  /** Departments that have the case already (a direct referral): no request is sent to them. */
  requested?: ReferralTarget[] | undefined;
  /** Set for a mandatory report: its receipt is announced right after the opening. */
  reportId?: string | undefined;
}

export type CaseCommand =
  | OpenCase
  | {
      kind: 'update';
      changed: CaseSection[];
      category?: CaseCategory | undefined;
      needs?: Need[] | undefined;
      /** Re-derived from the new victim section, when it was given. */
      victim?: VictimProfile | undefined;
    }
  | ({ kind: 'assess_risk'; checklist: Checklist } & Screening)
  | { kind: 'record_consent'; consent: ConsentInput }
  | { kind: 'override_consent'; department: ConsentDepartment; byRole: string }
  | { kind: 'link_duplicate'; other: { caseId: string; caseNumber: string; matchedOn: MatchKey[] } }
  | { kind: 'dismiss_duplicate'; otherCaseId: string }
  | { kind: 'add_note'; noteId: string }
  | {
      kind: 'close';
      reason: (typeof CLOSE_REASONS)[number];
      /** Days after closing a DV case when follow-up visits are due (platform rule, default 7/30/90). */
      followUpDays: readonly number[];
    }
  | { kind: 'reopen'; reason: (typeof REOPEN_REASONS)[number] };

/** Roles that may override a missing consent (with a reason, audited): the access policy's, one list. */
export const OVERRIDE_ROLES: readonly string[] = CASE_POLICY.override_consent.roles;

const FOLLOW_UP_CATEGORIES: readonly CaseCategory[] = ['domestic_violence', 'elder_abuse'];

/** Follow-up visit deadlines after a DV case closes (跟踪回访): closedAt + each configured number of 24-hour days. */
export function followUpDueAt(category: CaseCategory, closedAt: Date, days: readonly number[]): string[] {
  if (!FOLLOW_UP_CATEGORIES.includes(category)) return [];
  return days.map((d) => addDays(closedAt, d).toISOString());
}

/**
 * Decide a command on a case (`undefined`: none yet, only `open` applies): the events, in the order
 * they happen — the command's own event first, then what it causes (a report's receipt, the
 * screening, the referral requests now due) — or why it is refused. `newId` mints the ids of
 * referral requests and assessments.
 */
export function decide(
  state: CaseState | undefined,
  cmd: CaseCommand,
  now: Date,
  newId: () => string = () => uuidv7(now.getTime()),
): Decision {
  if (cmd.kind === 'open')
    return state ? new ConflictError('case_exists', 'A case with this id exists already.') : open(cmd, now, newId);
  if (!state) return new NotFoundError('The case');
  if (state.status === 'closed' && cmd.kind !== 'reopen' && cmd.kind !== 'add_note')
    return new ConflictError('case_closed', 'The case is closed; reopen it first.');
  const at = now.toISOString();
  /** The command's event, then a referral request to each department the changed case is now due for. */
  const routed = (own: Emit): Emit[] => [own, ...requestReferrals(evolve(state, cmd, [own]), at, newId)];

  switch (cmd.kind) {
    case 'update':
      return routed({
        type: 'intake.case.updated.v1',
        data: {
          caseId: state.id,
          version: state.version + 1,
          changed: cmd.changed,
          category: cmd.category ?? state.category,
          street: cmd.victim ? cmd.victim.street : state.street,
          flags: cmd.victim ? cmd.victim.flags : state.flags,
          needs: cmd.needs ?? state.needs,
          updatedAt: at,
        },
      });
    case 'assess_risk': {
      const score = screenRisk(cmd, state.repeat, cmd.checklist);
      if (score instanceof DomainError) return score;
      return routed(assessed(state.id, newId(), score, state.riskLevel, state.repeat, at));
    }
    case 'record_consent':
      return routed({
        type: 'intake.consent.recorded.v1',
        data: { caseId: state.id, consent: mergeConsent(state.consent, cmd.consent), recordedAt: at },
      });
    case 'override_consent':
      if (!OVERRIDE_ROLES.includes(cmd.byRole))
        return new ForbiddenError('override_not_allowed', 'Your role may not override consent.');
      if (state.consent[cmd.department] === true)
        return new ConflictError('consent_already_given', 'Consent for this department is already given.');
      if (state.overrides.includes(cmd.department))
        return new ConflictError('already_overridden', 'Consent for this department was already overridden.');
      return routed({
        type: 'intake.consent.overridden.v1',
        data: { caseId: state.id, department: cmd.department, overriddenAt: at },
      });
    case 'link_duplicate':
      if (cmd.other.caseId === state.id) return new ConflictError('self_link', 'A case cannot be linked to itself.');
      return [
        {
          type: 'intake.case.linked.v1',
          data: {
            caseId: state.id,
            linkedCaseId: cmd.other.caseId,
            linkedCaseNumber: cmd.other.caseNumber,
            matchedOn: cmd.other.matchedOn,
            linkedAt: at,
          },
        },
      ];
    case 'dismiss_duplicate':
      // Intake's own bookkeeping: nothing changes for other departments, so no event (audited).
      if (cmd.otherCaseId === state.id) return new ConflictError('self_link', 'A case cannot be its own duplicate.');
      return [];
    case 'add_note':
      return [{ type: 'intake.note.added.v1', data: { caseId: state.id, noteId: cmd.noteId, addedAt: at } }];
    case 'close':
      return [
        {
          type: 'intake.case.closed.v1',
          data: {
            caseId: state.id,
            reason: cmd.reason,
            closedAt: at,
            followUpDueAt: followUpDueAt(state.category, now, cmd.followUpDays),
          },
        },
      ];
    case 'reopen':
      if (state.status !== 'closed') return new ConflictError('case_not_closed', 'Only a closed case can be reopened.');
      return [{ type: 'intake.case.reopened.v1', data: { caseId: state.id, reason: cmd.reason, reopenedAt: at } }];
    default:
      return assertNever(cmd);
  }
}

/**
 * Open a case: case.opened, then a mandatory report's receipt, then the screening (every screening is
 * an event, the first one too), then the referral requests (consent given at opening travels as their
 * consentBasis) — DESIGN.md's canonical order.
 */
function open(cmd: OpenCase, now: Date, newId: () => string): Decision {
  const score = screenRisk(cmd.risk, cmd.repeat, cmd.checklist);
  if (score instanceof DomainError) return score;
  const at = now.toISOString();
  const emits: Emit[] = [
    {
      type: 'intake.case.opened.v1',
      data: {
        caseId: cmd.caseId,
        caseNumber: cmd.caseNumber,
        channel: cmd.channel,
        category: cmd.category,
        street: cmd.victim.street,
        riskLevel: score.level,
        repeat: cmd.repeat,
        flags: cmd.victim.flags,
        needs: cmd.needs,
        ownerDept: cmd.ownerDept,
        openedAt: at,
      },
    },
  ];
  if (cmd.reportId) {
    emits.push({
      type: 'intake.mandatory_report.received.v1',
      data: { reportId: cmd.reportId, caseId: cmd.caseId, receivedAt: at },
    });
  }
  if (cmd.risk) emits.push(assessed(cmd.caseId, newId(), score, null, cmd.repeat, at));
  return [...emits, ...requestReferrals(evolve(undefined, cmd, emits), at, newId, cmd.victim.sex)];
}

function assessed(
  caseId: string,
  assessmentId: string,
  score: RiskScore,
  previousLevel: RiskLevel | null,
  repeat: boolean,
  at: string,
): Emit {
  return {
    type: 'intake.risk.assessed.v1',
    data: {
      assessmentId,
      caseId,
      checklistVersion: score.checklistVersion,
      yesCount: score.yesCount,
      scoredLevel: score.scoredLevel,
      level: score.level,
      previousLevel,
      raisedByJudgement: score.raisedByJudgement,
      repeat,
      assessedAt: at,
    },
  };
}

/** The screening among decided events, as the caller is told of it (and as intake keeps it). */
export function assessmentOf(emits: readonly Emit[]): (RiskScore & { assessmentId: string }) | undefined {
  for (const e of emits)
    if (e.type === 'intake.risk.assessed.v1') {
      const { assessmentId, checklistVersion, yesCount, scoredLevel, level, raisedByJudgement } = e.data;
      return { assessmentId, checklistVersion, yesCount, scoredLevel, level, raisedByJudgement };
    }
  return undefined;
}
