import { Type, type Static } from '@sinclair/typebox';
import { RiskLevel, SAFEGUARDING_CONCERNS } from '@linkage/contracts';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { insertSafeguarding } from '../../db/queries.ts';
import { changeClient, event, streetOf, type Ctx } from '../shared.ts';
import { decideSafeguarding } from './decide.ts';

export const RaiseSafeguardingBody = Type.Object(
  {
    concerns: Type.Array(Type.Union(SAFEGUARDING_CONCERNS.map((c) => Type.Literal(c))), {
      minItems: 1,
      maxItems: 5,
      uniqueItems: true,
    }),
    riskLevel: RiskLevel,
    /** Whether she agrees to a DV referral. */
    consent: Type.Boolean(),
    /** Her own wishes, in her words as recorded by the officer (encrypted; never in the event). */
    wishes: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Why a referral proceeds without consent below high risk (e.g. she lacks capacity to decide). */
    overrideReason: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type RaiseSafeguardingBody = Static<typeof RaiseSafeguardingBody>;

/**
 * Flag suspected abuse or neglect (Elderly Rights Law Art. 25). With a basis to proceed, the
 * hand-over to DV referral is the `elder_care.safeguarding.raised.v1` event; otherwise the concern
 * and her wishes are recorded and nothing leaves the service.
 */
export async function raiseSafeguarding(ctx: Ctx, clientId: string, body: RaiseSafeguardingBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const d = decideSafeguarding(body);
    const id = uuidv7(now.getTime());
    await insertSafeguarding(tx, {
      id,
      clientId: c.id,
      concerns: body.concerns,
      riskLevel: body.riskLevel,
      outcome: d.outcome,
      consentBasis: d.consentBasis,
      wishesEnc: ctx.app.cipher.encrypt(body.wishes, id),
      overrideReasonEnc: d.consentBasis === 'override' ? ctx.app.cipher.encryptOptional(body.overrideReason, id) : null,
      raisedBySub: ctx.who.sub,
      raisedAt: now,
    });
    await audit(tx, ctx.who, {
      action: d.outcome === 'referred' ? 'safeguarding.raised' : 'safeguarding.recorded_without_referral',
      entityType: 'safeguarding',
      entityId: id,
      caseId: c.caseId,
      reason: d.consentBasis === 'override' ? 'override' : null,
      details: { concerns: body.concerns, consentBasis: d.consentBasis },
    });
    if (d.outcome === 'referred') {
      await enqueue(tx, [
        event(ctx, 'elder_care.safeguarding.raised.v1', c.caseId, {
          safeguardingId: id,
          caseId: c.caseId,
          concerns: body.concerns,
          riskLevel: body.riskLevel,
          street: streetOf(c.street),
          consentBasis: d.consentBasis,
          wishesRecorded: true,
          raisedAt: now.toISOString(),
        }),
      ]);
    }
    return { id, clientId: c.id, outcome: d.outcome, consentBasis: d.consentBasis, raisedAt: now.toISOString() };
  });
}
