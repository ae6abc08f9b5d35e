import type {
  CaseCategory,
  ConsentDepartment,
  ConsentState,
  LinkageEvent,
  Need,
  ReferralTarget,
  RiskLevel,
} from '@linkage/contracts';
import type { CASE_SECTIONS } from '@linkage/contracts';
import { newEvent } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import { ConflictError, ForbiddenError, StaleVersionError, ValidationError } from '@linkage/service-kit';
import { scoreRisk, unknownItems, type Checklist, type RiskScore } from '../risk/checklist.ts';
import { route, type RoutingDecision } from '../routing/rules.ts';
import type { AgeBand, ProtectionFlags } from '../victim/validate.ts';
import type { MatchKey } from '../duplicates/match.ts';
import { mergeConsent } from './open.ts';
import type { ConsentInput } from './schemas.ts';

/** What the decide functions need to know about a case (no personal data). */
export interface CaseState {
  id: string;
  caseNumber: string;
  status: 'open' | 'closed';
  version: number;
  channel: string;
  category: CaseCategory;
  street: string | null;
  riskLevel: RiskLevel;
  repeat: boolean;
  ageBand: AgeBand;
  flags: ProtectionFlags;
  needs: Need[];
  consent: ConsentState;
  overrides: ConsentDepartment[];
  /** Targets that already have a referral request. */
  requested: ReferralTarget[];
}

export type CaseSection = (typeof CASE_SECTIONS)[number];

export type CaseCommand =
  | {
      kind: 'update';
      version: number;
      changed: CaseSection[];
      category?: CaseCategory | undefined;
      needs?: Need[] | undefined;
      /** Re-derived from the new victim section, when it was given. */
      derived?: { street: string | null; ageBand: AgeBand; flags: ProtectionFlags } | undefined;
    }
  | {
      kind: 'assess_risk';
      yes: string[];
      judgement?: RiskLevel | undefined;
      judgementReason?: string | undefined;
      checklist: Checklist;
    }
  | { kind: 'record_consent'; consent: ConsentInput }
  | { kind: 'override_consent'; department: ConsentDepartment; reason: string }
  | { kind: 'link_duplicate'; other: { caseId: string; caseNumber: string; matchedOn: MatchKey[] } }
  | { kind: 'dismiss_duplicate'; otherCaseId: string }
  | { kind: 'add_note'; noteId: string }
  | {
      kind: 'close';
      reason:
        'resolved' | 'referred_out' | 'victim_withdrew' | 'unreachable' | 'duplicate' | 'no_further_action' | 'other';
    }
  | { kind: 'reopen'; reason: 'new_incident' | 'victim_request' | 'referral_feedback' | 'closed_in_error' | 'other' };

export interface DecideContext {
  now: Date;
  actor: Principal;
  correlationId: string;
  source: string;
  newId: () => string;
  /** Days after closing a DV case when follow-up visits are due (platform rule, default 7/30/90). */
  followUpDays: readonly number[];
}

export interface CaseDecision {
  next: CaseState;
  events: LinkageEvent[];
  risk?: RiskScore & { assessmentId: string };
  referrals: (RoutingDecision & { requestId: string })[];
}

/** Roles that may override a missing consent (with a reason, audited). */
export const OVERRIDE_ROLES: readonly string[] = ['wf_caseworker'];

const FOLLOW_UP_CATEGORIES: readonly CaseCategory[] = ['domestic_violence', 'elder_abuse'];

/** Follow-up visit deadlines after a DV case closes (跟踪回访): closedAt + each configured day count. */
export function followUpDueAt(category: CaseCategory, closedAt: Date, days: readonly number[]): string[] {
  if (!FOLLOW_UP_CATEGORIES.includes(category)) return [];
  return days.map((d) => new Date(closedAt.getTime() + d * 86_400_000).toISOString());
}

/** Decide a command on an existing case: the next state, the events, and any new referral requests. */
export function decideCase(state: CaseState, cmd: CaseCommand, ctx: DecideContext): CaseDecision {
  if (state.status === 'closed' && cmd.kind !== 'reopen' && cmd.kind !== 'add_note') {
    throw new ConflictError('case_closed', 'The case is closed; reopen it first.');
  }
  const at = ctx.now.toISOString();
  const common = {
    source: ctx.source,
    subject: state.id,
    actor: { role: ctx.actor.role, dept: ctx.actor.dept },
    correlationid: ctx.correlationId,
    time: ctx.now,
  };
  const bump = (s: CaseState): CaseState => ({ ...s, version: state.version + 1 });

  switch (cmd.kind) {
    case 'update': {
      if (cmd.version !== state.version) throw new StaleVersionError(cmd.version, state.version);
      const next = bump({
        ...state,
        category: cmd.category ?? state.category,
        needs: cmd.needs ?? state.needs,
        ...(cmd.derived ? { street: cmd.derived.street, ageBand: cmd.derived.ageBand, flags: cmd.derived.flags } : {}),
      });
      const updated = newEvent('intake.case.updated.v1', {
        ...common,
        data: {
          caseId: state.id,
          version: next.version,
          changed: cmd.changed,
          category: next.category,
          street: next.street as never,
          flags: next.flags,
          needs: next.needs,
          updatedAt: at,
        },
      });
      return withReferrals(next, [updated], ctx, common, updated.id);
    }
    case 'assess_risk': {
      if (cmd.judgement && !cmd.judgementReason)
        throw new ValidationError(
          'judgement_reason_required',
          'Raising the risk level by professional judgement needs a reason.',
        );
      const unknown = unknownItems(cmd.checklist, cmd.yes);
      if (unknown.length > 0)
        throw new ValidationError(
          'unknown_checklist_item',
          `Answers must name items of the active checklist (${cmd.checklist.version}).`,
          unknown,
        );
      const score = scoreRisk(cmd.yes, cmd.judgement, state.repeat, cmd.checklist);
      const assessmentId = ctx.newId();
      const next = bump({ ...state, riskLevel: score.level });
      const assessed = newEvent('intake.risk.assessed.v1', {
        ...common,
        data: {
          assessmentId,
          caseId: state.id,
          ...score,
          previousLevel: state.riskLevel,
          repeat: state.repeat,
          assessedAt: at,
        },
      });
      return { ...withReferrals(next, [assessed], ctx, common, assessed.id), risk: { ...score, assessmentId } };
    }
    case 'record_consent': {
      const next = bump({ ...state, consent: mergeConsent(state.consent, cmd.consent) });
      const recorded = newEvent('intake.consent.recorded.v1', {
        ...common,
        data: { caseId: state.id, consent: next.consent, recordedAt: at },
      });
      return withReferrals(next, [recorded], ctx, common, recorded.id);
    }
    case 'override_consent': {
      if (!OVERRIDE_ROLES.includes(ctx.actor.role))
        throw new ForbiddenError('override_not_allowed', 'Your role may not override consent.');
      if (state.consent[cmd.department] === true)
        throw new ConflictError('consent_already_given', 'Consent for this department is already given.');
      if (state.overrides.includes(cmd.department))
        throw new ConflictError('already_overridden', 'Consent for this department was already overridden.');
      const next = bump({ ...state, overrides: [...state.overrides, cmd.department] });
      const overridden = newEvent('intake.consent.overridden.v1', {
        ...common,
        data: { caseId: state.id, department: cmd.department, overriddenAt: at },
      });
      return withReferrals(next, [overridden], ctx, common, overridden.id);
    }
    case 'link_duplicate': {
      if (cmd.other.caseId === state.id) throw new ConflictError('self_link', 'A case cannot be linked to itself.');
      const next = bump(state);
      const linked = newEvent('intake.case.linked.v1', {
        ...common,
        data: {
          caseId: state.id,
          linkedCaseId: cmd.other.caseId,
          linkedCaseNumber: cmd.other.caseNumber,
          matchedOn: cmd.other.matchedOn,
          linkedAt: at,
        },
      });
      return { next, events: [linked], referrals: [] };
    }
    case 'dismiss_duplicate': {
      // Intake's own bookkeeping: nothing changes for other departments, so no event (audited).
      if (cmd.otherCaseId === state.id) throw new ConflictError('self_link', 'A case cannot be its own duplicate.');
      return { next: bump(state), events: [], referrals: [] };
    }
    case 'add_note': {
      const next = bump(state);
      return {
        next,
        events: [
          newEvent('intake.note.added.v1', { ...common, data: { caseId: state.id, noteId: cmd.noteId, addedAt: at } }),
        ],
        referrals: [],
      };
    }
    case 'close': {
      const next = bump({ ...state, status: 'closed' });
      const closed = newEvent('intake.case.closed.v1', {
        ...common,
        data: {
          caseId: state.id,
          reason: cmd.reason,
          closedAt: at,
          followUpDueAt: followUpDueAt(state.category, ctx.now, ctx.followUpDays),
        },
      });
      return { next, events: [closed], referrals: [] };
    }
    case 'reopen': {
      if (state.status !== 'closed') throw new ConflictError('case_not_closed', 'Only a closed case can be reopened.');
      const next = bump({ ...state, status: 'open' });
      return {
        next,
        events: [
          newEvent('intake.case.reopened.v1', {
            ...common,
            data: { caseId: state.id, reason: cmd.reason, reopenedAt: at },
          }),
        ],
        referrals: [],
      };
    }
    default: {
      const never: never = cmd;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

type Common = {
  source: string;
  subject: string;
  actor: { role: string; dept: string };
  correlationid: string;
  time: Date;
};

/** Re-route after a change: request every department that is now due and was not requested before. */
function withReferrals(
  next: CaseState,
  events: LinkageEvent[],
  ctx: DecideContext,
  common: Common,
  causationid: string,
): CaseDecision {
  const { referrals } = route({
    channel: next.channel,
    category: next.category,
    needs: next.needs,
    riskLevel: next.riskLevel,
    ageBand: next.ageBand,
    consent: next.consent,
    overrides: next.overrides,
  });
  const fresh = referrals
    .filter((r) => !next.requested.includes(r.target))
    .map((r) => ({ ...r, requestId: ctx.newId() }));
  const at = ctx.now.toISOString();
  for (const r of fresh) {
    events.push(
      newEvent('intake.referral.requested.v1', {
        ...common,
        causationid,
        data: {
          requestId: r.requestId,
          caseId: next.id,
          caseNumber: next.caseNumber,
          target: r.target,
          category: next.category,
          needs: next.needs,
          riskLevel: next.riskLevel,
          street: next.street as never,
          victimAgeBand: next.ageBand,
          flags: next.flags,
          consentBasis: r.consentBasis,
          ...(r.target === 'dv'
            ? { departmentConsent: { court: next.consent.court, shelter: next.consent.shelter } }
            : {}),
          requestedAt: at,
        },
      }),
    );
  }
  return { next: { ...next, requested: [...next.requested, ...fresh.map((r) => r.target)] }, events, referrals: fresh };
}
