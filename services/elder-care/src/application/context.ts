import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import { authorize, type Principal } from '@linkage/auth';
import { emitEvents } from '@linkage/messaging';
import { found, systemActor, type Emit } from '@linkage/service-kit';
import { findClient } from '../db/queries.ts';
import type { ClientRow } from '../db/schema.ts';
import { SERVICE, type ElderCarePolicy } from '../config.ts';
import { ELDER_POLICY } from '../domain/policy.ts';

/** What every command carries: the app, the caller, the request's correlation id and the configured rules. */
export interface Ctx {
  app: FastifyInstance;
  who: Principal;
  correlationId: string;
  policy: ElderCarePolicy;
}

/** The service itself acting (a consumer). */
export const SYSTEM = systemActor(SERVICE);

/** Write decided events for the person's case to the outbox, attributed to the caller (`emitEvents`). */
export async function emit(
  ctx: Pick<Ctx, 'app'> & { who: { role: string; dept: string }; correlationId?: string | undefined },
  tx: Executor,
  caseId: string,
  events: readonly Emit[],
  causationid?: string,
): Promise<void> {
  await emitEvents(tx, events, {
    source: ctx.app.service.source,
    subject: caseId,
    actor: { role: ctx.who.role, dept: ctx.who.dept },
    time: ctx.app.clock(),
    correlationid: ctx.correlationId,
    causationid,
  });
}

/**
 * One transaction on one person's record: the client row is locked (writes to a person are
 * serialised, so entitlements hold), access is checked, then `fn` does the change.
 */
export async function changeClient<T>(
  ctx: Ctx,
  clientId: string,
  fn: (tx: Executor, client: ClientRow) => Promise<T>,
): Promise<T> {
  return ctx.app.store.db.transaction(async (tx) => {
    const client = found(await findClient(tx, clientId, true), 'The client');
    authorize(ELDER_POLICY, ctx.who, 'act', client);
    return fn(tx, client);
  });
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
