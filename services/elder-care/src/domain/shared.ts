import type { FastifyInstance } from 'fastify';
import type { EventData, EventOf, EventType, Street } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { authorize, inStreets, type Policy, type Principal } from '@linkage/auth';
import { newEvent } from '@linkage/messaging';
import { NotFoundError } from '@linkage/service-kit';
import { findClient } from '../db/queries.ts';
import type { ClientRow } from '../db/schema.ts';
import type { ElderCarePolicy } from '../config.ts';

/** What every command carries: the app, the caller, the request's correlation id and the configured rules. */
export interface Ctx {
  app: FastifyInstance;
  who: Principal;
  correlationId: string;
  policy: ElderCarePolicy;
}

export const SYSTEM = { sub: 'system', role: 'system', dept: 'svc:elder-care' } as const;

/**
 * Who may do what with an elderly person's record. Officers act within their streets (a token
 * without `streets` covers the district); coordinators read de-identified records.
 */
export const ELDER_POLICY: Policy<'act' | 'view_identified' | 'view', ClientRow> = {
  act: { roles: ['elder_care_officer'], record: (p, c) => inStreets(p, c.street) },
  view_identified: { roles: ['elder_care_officer'], record: (p, c) => inStreets(p, c.street) },
  view: { roles: ['elder_care_officer', 'coordinator'], record: (p, c) => p.role === 'coordinator' || inStreets(p, c.street) },
};

/** Build an event for the person's case, attributed to the caller. */
export function event<T extends EventType>(ctx: Pick<Ctx, 'app' | 'correlationId'> & { who: { role: string; dept: string } }, type: T, caseId: string, data: EventData<T>, causationid?: string): EventOf<T> {
  return newEvent(type, {
    source: ctx.app.service.source,
    subject: caseId,
    actor: { role: ctx.who.role, dept: ctx.who.dept },
    correlationid: ctx.correlationId,
    causationid,
    time: ctx.app.clock(),
    data,
  });
}

/**
 * One transaction on one person's record: the client row is locked (writes to a person are
 * serialised, so entitlements hold), access is checked, then `fn` does the change.
 */
export async function changeClient<T>(ctx: Ctx, clientId: string, fn: (tx: Executor, client: ClientRow) => Promise<T>): Promise<T> {
  return ctx.app.store.db.transaction(async (tx) => {
    const client = await findClient(tx, clientId, true);
    if (!client) throw new NotFoundError('The client');
    authorize(ELDER_POLICY, ctx.who, 'act', client);
    return fn(tx, client);
  });
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A stored street code as the contracts type (only valid codes are ever stored). */
export const streetOf = (s: string | null): Street | null => s as Street | null;
