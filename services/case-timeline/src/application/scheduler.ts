import type { FastifyInstance } from 'fastify';
import { buildEvents, systemActor, type Emit } from '@linkage/domain';
import type { Executor } from '@linkage/db';
import { enqueue } from '@linkage/messaging';
import { claimBreached, claimWarnings, type DueClock } from '../db/queries/clocks.ts';
import { clockEventIdOf } from '../domain/clocks/ids.ts';
import { SERVICE } from '../config.ts';

const facts = (r: DueClock) => ({
  clockId: r.id,
  ruleId: r.rule_id,
  subjectKey: r.subject_key,
  caseId: r.case_id,
  dept: r.dept,
  street: r.street,
  severity: r.severity,
  startedAt: new Date(r.started_at).toISOString(),
  deadline: new Date(r.deadline).toISOString(),
});

/** One clock's breach: its event id is a function of the clock, so it is written once however often it is found. */
const breachOf =
  (at: Date) =>
  (r: DueClock): Emit => ({
    type: 'oversight.sla.breached.v1',
    id: clockEventIdOf(r.id, 'breached', new Date(r.deadline)),
    data: { ...facts(r), breachedAt: at.toISOString() },
  });

const warningOf = (r: DueClock): Emit => ({
  type: 'oversight.sla.warning.v1',
  id: clockEventIdOf(r.id, 'warning', new Date(r.warn_at)),
  data: { ...facts(r), warnAt: new Date(r.warn_at).toISOString() },
});

/**
 * One pass of the clock scheduler at `now` (injected): claim due clocks with FOR UPDATE SKIP LOCKED,
 * mark them, and write their oversight events in the same transaction. Several instances may run
 * at once: a clock is claimed by exactly one, and its event has a deterministic id (written once:
 * `ifAbsent`, as a rebuild may find a breach whose event is already in the outbox; one pruned from the
 * outbox and written again is skipped by every consumer's inbox).
 */
export async function tick(
  app: FastifyInstance,
  now: Date,
  batch = 200,
): Promise<{ warned: number; breached: number }> {
  const ctx = { source: app.service.source, actor: systemActor(SERVICE), time: now };
  // each clock's event is about its case
  const emit = (tx: Executor, rows: readonly DueClock[], of: (r: DueClock) => Emit) =>
    enqueue(
      tx,
      rows.flatMap((r) => buildEvents([of(r)], { ...ctx, subject: r.case_id })),
      { ifAbsent: true },
    );
  const breached = await app.store.db.transaction(async (tx) => {
    const rows = await claimBreached(tx, now, batch);
    await emit(tx, rows, breachOf(now));
    return rows.length;
  });
  const warned = await app.store.db.transaction(async (tx) => {
    const rows = await claimWarnings(tx, now, batch);
    await emit(tx, rows, warningOf);
    return rows.length;
  });
  return { warned, breached };
}
