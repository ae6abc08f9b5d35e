import type { FastifyInstance } from 'fastify';
import type { EventType } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { enqueue, newEvent } from '@linkage/messaging';
import { NotFoundError, StaleVersionError } from '@linkage/service-kit';
import type { Emit } from './emit.ts';

export interface Cause {
  correlationid?: string | undefined;
  causationid?: string | undefined;
  /** When it happened, if not now (e.g. an order that lapsed at its end date). */
  time?: Date | undefined;
}

/** Write the decided events to the outbox, in the caller's transaction, with the case as subject. */
export async function emit(
  app: FastifyInstance,
  tx: Executor,
  actor: { role: string; dept: string },
  caseId: string,
  events: Emit[],
  cause: Cause = {},
): Promise<void> {
  if (events.length === 0) return;
  const time = cause.time ?? app.clock();
  await enqueue(
    tx,
    events.map((e) =>
      newEvent(e.type as EventType, {
        source: app.service.source,
        subject: caseId,
        actor: { role: actor.role, dept: actor.dept },
        time,
        data: e.data as never,
        correlationid: cause.correlationid,
        causationid: cause.causationid,
      }),
    ),
  );
}

/** Optimistic concurrency: the client sends the version it read; a stale one is 412. */
export function checkVersion(row: { version: number }, sent: number | undefined): void {
  if (sent !== undefined && sent !== row.version) throw new StaleVersionError(sent, row.version);
}

export function found<T>(row: T | undefined, what: string): T {
  if (!row) throw new NotFoundError(what);
  return row;
}

export const SYSTEM = { sub: 'svc:dv-referral', role: 'system', dept: 'svc:dv-referral' } as const;
