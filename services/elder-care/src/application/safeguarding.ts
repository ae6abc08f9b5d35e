import { audit, uuidv7 } from '@linkage/service-kit';
import { insertSafeguarding } from '../db/queries.ts';
import { eventOf } from '../domain/events.ts';
import { streetOf } from '../domain/policy.ts';
import { decideRaise } from '../domain/safeguarding/decide.ts';
import type { RaiseSafeguardingBody } from '../domain/safeguarding/schemas.ts';
import { changeClient, emit, type Ctx } from './context.ts';

/**
 * Flag suspected abuse or neglect (Elderly Rights Law Art. 25). With a basis to proceed, the
 * hand-over to DV referral is the `elder_care.safeguarding.raised.v1` event; otherwise the concern
 * and her wishes are recorded and nothing leaves the service.
 */
export async function raiseSafeguarding(ctx: Ctx, clientId: string, body: RaiseSafeguardingBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const id = uuidv7(now.getTime());
    const events = decideRaise({ caseId: c.caseId, street: streetOf(c.street) }, { ...body, safeguardingId: id }, now);
    const raised = eventOf(events, 'elder_care.safeguarding.raised.v1');
    const outcome = raised ? 'referred' : 'withheld';
    const consentBasis = raised?.data.consentBasis ?? null;
    await insertSafeguarding(tx, {
      id,
      clientId: c.id,
      concerns: body.concerns,
      riskLevel: body.riskLevel,
      outcome,
      consentBasis,
      wishesEnc: ctx.app.cipher.encrypt(body.wishes, id),
      overrideReasonEnc: consentBasis === 'override' ? ctx.app.cipher.encryptOptional(body.overrideReason, id) : null,
      raisedBySub: ctx.who.sub,
      raisedAt: now,
    });
    await audit(tx, ctx.who, {
      action: raised ? 'safeguarding.raised' : 'safeguarding.recorded_without_referral',
      entityType: 'safeguarding',
      entityId: id,
      caseId: c.caseId,
      reason: consentBasis === 'override' ? 'override' : null,
      details: { concerns: body.concerns, consentBasis },
    });
    await emit(ctx, tx, c.caseId, events);
    return { id, clientId: c.id, outcome, consentBasis, raisedAt: now.toISOString() };
  });
}
