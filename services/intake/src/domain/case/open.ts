import type { ConsentState, LinkageEvent } from '@linkage/contracts';
import { newEvent } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import { ValidationError } from '@linkage/service-kit';
import { DASH_V1, scoreRisk, unknownItems, type Checklist, type RiskScore } from '../risk/checklist.ts';
import {
  CONSENT_DEPARTMENTS,
  route,
  unmetNeeds,
  type RoutingDecision,
  type UnmetNeed,
  type WithheldReferral,
} from '../routing/rules.ts';
import { protectionFlags, victimProblems, type AgeBand, type ProtectionFlags } from '../victim/validate.ts';
import type { ConsentInput, OpenCaseBody, UpdateCaseBody } from './schemas.ts';

export { OpenCaseBody } from './schemas.ts';

/** Opening refused for bad input (a 400). */
export class OpenCaseRejected extends ValidationError {}

export interface OpenCaseContext {
  caseId: string;
  caseNumber: string;
  now: Date;
  actor: Principal;
  correlationId: string;
  source: string;
  /** An earlier case for the same person within 12 months (from the blind-index lookup). */
  repeat?: boolean;
  /** Who the events name as actor, when not the caller (mandatory reports: the reporter stays confidential). */
  eventActor?: { role: string; dept: string };
  /** The active risk checklist version (default: the built-in DASH_V1). */
  checklist?: Checklist;
  /**
   * The unit that will own the case (default: the caller's dept); announced so other services mirror intake's access
   * rule.
   */
  ownerDept?: string;
}

export interface OpenCaseDecision {
  risk: RiskScore;
  assessmentId: string | null;
  ageBand: AgeBand;
  flags: ProtectionFlags;
  consent: ConsentState;
  referrals: (RoutingDecision & { requestId: string })[];
  withheld: WithheldReferral[];
  /** Needs no department will act on (told to the operator; the case shows them). */
  unmet: UnmetNeed[];
  events: LinkageEvent[];
}

export const noConsent = (): ConsentState =>
  Object.fromEntries(CONSENT_DEPARTMENTS.map((d) => [d, null])) as ConsentState;
export const mergeConsent = (
  base: ConsentState,
  given: ConsentInput | Partial<ConsentState> | undefined,
): ConsentState => ({ ...base, ...(given ?? {}) });

/** Checks the schema cannot make (ID checksums, future dates); throws 400 with every problem found. */
export function assertValidPeople(
  body: Pick<OpenCaseBody, 'victim' | 'perpetrator' | 'incident' | 'risk'> | UpdateCaseBody,
  now: Date,
): void {
  const problems = [
    ...(body.victim ? victimProblems(body.victim, now) : []),
    ...(body.perpetrator ? victimProblems(body.perpetrator, now, '/perpetrator') : []),
  ];
  if (body.incident?.occurredAt && Date.parse(body.incident.occurredAt) > now.getTime()) {
    problems.push({ path: '/incident/occurredAt', message: 'must not be in the future' });
  }
  if ('risk' in body && body.risk?.judgement && !body.risk.judgementReason) {
    throw new OpenCaseRejected(
      'judgement_reason_required',
      'Raising the risk level by professional judgement needs a reason.',
    );
  }
  if (problems.length > 0)
    throw new ValidationError('invalid_person_data', 'Some personal details are not valid.', problems);
}

/** Open a case: score risk, route to departments, and produce the events — no I/O. */
export function decideOpenCase(cmd: OpenCaseBody, ctx: OpenCaseContext, newId: () => string): OpenCaseDecision {
  assertValidPeople(cmd, ctx.now);
  const repeat = ctx.repeat ?? false;
  const checklist = ctx.checklist ?? DASH_V1;
  const unknown = unknownItems(checklist, cmd.risk?.yes ?? []);
  if (unknown.length > 0)
    throw new ValidationError(
      'unknown_checklist_item',
      `Answers must name items of the active checklist (${checklist.version}).`,
      unknown,
    );
  const risk = scoreRisk(cmd.risk?.yes ?? [], cmd.risk?.judgement, repeat, checklist);
  const { ageBand: band, flags } = protectionFlags(cmd.victim ?? {}, ctx.now);
  const street = cmd.victim?.street ?? null;
  const consent = mergeConsent(noConsent(), cmd.consent);
  const routing = {
    channel: cmd.channel,
    category: cmd.category,
    needs: cmd.needs,
    riskLevel: risk.level,
    ageBand: band,
    consent,
  };
  const { referrals, withheld } = route(routing);
  const unmet = unmetNeeds(
    routing,
    referrals.map((r) => r.target),
  );
  const common = {
    source: ctx.source,
    subject: ctx.caseId,
    actor: ctx.eventActor ?? { role: ctx.actor.role, dept: ctx.actor.dept },
    correlationid: ctx.correlationId,
    time: ctx.now,
  };
  const at = ctx.now.toISOString();
  const opened = newEvent('intake.case.opened.v1', {
    ...common,
    data: {
      caseId: ctx.caseId,
      caseNumber: ctx.caseNumber,
      channel: cmd.channel,
      category: cmd.category,
      street,
      riskLevel: risk.level,
      repeat,
      flags,
      needs: cmd.needs,
      ownerDept: ctx.ownerDept ?? ctx.actor.dept,
      openedAt: at,
    },
  });
  const events: LinkageEvent[] = [opened];
  // Every screening is an event, the first one too (DESIGN.md canonical scenario: case.opened,
  // case.risk_assessed, then the referral requests). Consent given at opening travels as the
  // referral requests' consentBasis.
  const assessmentId = cmd.risk ? newId() : null;
  if (assessmentId) {
    events.push(
      newEvent('intake.risk.assessed.v1', {
        ...common,
        causationid: opened.id,
        data: {
          assessmentId,
          caseId: ctx.caseId,
          checklistVersion: risk.checklistVersion,
          yesCount: risk.yesCount,
          scoredLevel: risk.scoredLevel,
          level: risk.level,
          previousLevel: null,
          raisedByJudgement: risk.raisedByJudgement,
          repeat,
          assessedAt: at,
        },
      }),
    );
  }
  const withIds = referrals.map((r) => ({ ...r, requestId: newId() }));
  for (const r of withIds) {
    events.push(
      newEvent('intake.referral.requested.v1', {
        ...common,
        causationid: opened.id,
        data: {
          requestId: r.requestId,
          caseId: ctx.caseId,
          caseNumber: ctx.caseNumber,
          target: r.target,
          category: cmd.category,
          needs: cmd.needs,
          riskLevel: risk.level,
          street,
          victimAgeBand: band,
          flags,
          consentBasis: r.consentBasis,
          ...(r.target === 'dv' ? { departmentConsent: { court: consent.court, shelter: consent.shelter } } : {}),
          victimSex: cmd.victim?.sex ?? 'unknown',
          requestedAt: at,
        },
      }),
    );
  }
  return { risk, assessmentId, ageBand: band, flags, consent, referrals: withIds, withheld, unmet, events };
}
