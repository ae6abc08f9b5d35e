import { Type, type Static } from '@sinclair/typebox';
import { CaseCategory, Need, RiskLevel, StreetCode, Channel, type LinkageEvent } from '@linkage/contracts';
import { newEvent } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import { CHECKLIST_ITEM_IDS, scoreRisk, type RiskScore } from '../risk/checklist.ts';
import { CONSENT_DEPARTMENTS, route, type RoutingDecision, type WithheldReferral } from '../routing/rules.ts';

const ChecklistItem = Type.Union(CHECKLIST_ITEM_IDS.map((id) => Type.Literal(id)));

export const OpenCaseBody = Type.Object(
  {
    channel: Channel,
    category: CaseCategory,
    victim: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          sex: Type.Optional(Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('unknown')])),
          age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
          phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
          address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          street: Type.Optional(StreetCode),
        },
        { additionalProperties: false },
      ),
    ),
    needs: Type.Array(Need, { maxItems: 5, uniqueItems: true }),
    risk: Type.Optional(
      Type.Object(
        {
          yes: Type.Array(ChecklistItem, { maxItems: 24, uniqueItems: true }),
          judgement: Type.Optional(RiskLevel),
          judgementReason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
    consent: Type.Optional(Type.Partial(Type.Object(Object.fromEntries(CONSENT_DEPARTMENTS.map((d) => [d, Type.Boolean()]))), { additionalProperties: false })),
    narrative: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);
export type OpenCaseBody = Static<typeof OpenCaseBody>;

export class OpenCaseRejected extends Error {
  constructor(
    readonly code: 'judgement_reason_required',
    message: string,
  ) {
    super(message);
  }
}

export interface OpenCaseContext {
  caseId: string;
  caseNumber: string;
  now: Date;
  actor: Principal;
  correlationId: string;
  source: string;
}

export interface OpenCaseDecision {
  risk: RiskScore;
  ageBand: 'minor' | 'adult' | 'elderly' | 'unknown';
  referrals: (RoutingDecision & { requestId: string })[];
  withheld: WithheldReferral[];
  events: LinkageEvent[];
}

const ageBand = (age: number | undefined) => (age === undefined ? 'unknown' : age < 18 ? 'minor' : age >= 60 ? 'elderly' : 'adult');

/** Open a case: score risk, route to departments, and produce the events — no I/O. */
export function decideOpenCase(cmd: OpenCaseBody, ctx: OpenCaseContext, newId: () => string): OpenCaseDecision {
  if (cmd.risk?.judgement && !cmd.risk.judgementReason) {
    throw new OpenCaseRejected('judgement_reason_required', 'Raising the risk level by professional judgement needs a reason.');
  }
  const risk = scoreRisk(cmd.risk?.yes ?? [], cmd.risk?.judgement);
  const band = ageBand(cmd.victim?.age);
  const flags = { minor: band === 'minor', elderly: band === 'elderly', disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };
  const street = cmd.victim?.street ?? null;
  const { referrals, withheld } = route({
    channel: cmd.channel,
    category: cmd.category,
    needs: cmd.needs,
    riskLevel: risk.level,
    ageBand: band,
    consent: cmd.consent ?? {},
  });
  const common = { source: ctx.source, subject: ctx.caseId, actor: { role: ctx.actor.role, dept: ctx.actor.dept }, correlationid: ctx.correlationId, time: ctx.now };
  const opened = newEvent('intake.case.opened.v1', {
    ...common,
    data: {
      caseId: ctx.caseId,
      caseNumber: ctx.caseNumber,
      channel: cmd.channel,
      category: cmd.category,
      street,
      riskLevel: risk.level,
      repeat: false,
      flags,
      needs: cmd.needs,
      openedAt: ctx.now.toISOString(),
    },
  });
  const withIds = referrals.map((r) => ({ ...r, requestId: newId() }));
  const requested = withIds.map((r) =>
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
        requestedAt: ctx.now.toISOString(),
      },
    }),
  );
  return { risk, ageBand: band, referrals: withIds, withheld, events: [opened, ...requested] };
}
