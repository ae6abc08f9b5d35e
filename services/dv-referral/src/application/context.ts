import type { FastifyInstance } from 'fastify';
import { systemActor, type DomainError, type EventContext } from '@linkage/domain';

/** dv-referral itself acting (a consumer's effect, a scheduler tick). */
export const SYSTEM = systemActor('dv-referral');

/** The causal chain of events a consumer's effect emits: the triggering event's correlation, and the event itself. */
export interface Cause {
  correlationid?: string | undefined;
  causationid?: string | undefined;
}
export const causedBy = (e: { id: string; correlationid?: string | undefined }): Cause => ({
  correlationid: e.correlationid,
  causationid: e.id,
});

/** The envelope of the events one command emits about a case: this service, the case, who acted, when, why. */
export const eventContext = (
  app: FastifyInstance,
  actor: { role: string; dept: string },
  caseId: string,
  time: Date,
  cause: Cause = {},
): EventContext => ({
  source: app.service.source,
  subject: caseId,
  actor: { role: actor.role, dept: actor.dept },
  time,
  ...cause,
});

/** Throw the refusal a pure check returned, if any (the HTTP layer maps it to Problem Details). */
export function refuse(e: DomainError | undefined): void {
  if (e) throw e;
}
