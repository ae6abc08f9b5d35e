import type { LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import type { MessageMeta } from '@linkage/messaging';
import { insertClock, lockClock, updateClock } from '../db/queries/clocks.ts';
import { insertNotifications, lockWorkItem, saveWorkItem } from '../db/queries/notifications.ts';
import { caseOf, insertEntry, insertSummary, lockSummary, updateSummary } from '../db/queries/timeline.ts';
import { effectsOf } from '../domain/clocks/engine.ts';
import { evolveClock, evolveFromOversight } from '../domain/clocks/evolve.ts';
import { clockIdOf } from '../domain/clocks/ids.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import type { Clock } from '../domain/clocks/state.ts';
import { evolveNotifications, workItemOf } from '../domain/notifications/evolve.ts';
import { evolveSummary } from '../domain/summary/evolve.ts';
import { entryOf } from '../domain/timeline/evolve.ts';
import { evolveRow, type RowStore } from './change.ts';

const clockStore = (tx: Executor, id: string): RowStore<Clock> => ({
  lock: () => lockClock(tx, id),
  insert: (c) => insertClock(tx, c),
  update: (c) => updateClock(tx, c),
});

/**
 * Project one event, in the consumer's transaction (with its inbox row — a redelivered event changes
 * nothing): the timeline entry, then each projection's pure `evolve` on the rows it touches — the case
 * summary, the clocks, the notifications.
 */
export async function project(event: LinkageEvent, tx: Executor, meta: MessageMeta): Promise<void> {
  if (!(await insertEntry(tx, entryOf(event, meta)))) return;
  if (event.type === 'oversight.sla.warning.v1' || event.type === 'oversight.sla.breached.v1') {
    await evolveRow(clockStore(tx, event.data.clockId), (c) => evolveFromOversight(c, event));
  } else {
    await evolveRow(
      {
        lock: () => lockSummary(tx, event.subject),
        insert: (s) => insertSummary(tx, s),
        update: (s) => updateSummary(tx, s),
      },
      (s) => evolveSummary(s, event),
    );
    // Only what the event carries (not the case summary, which a replay may see in another order): deterministic.
    // Queries fall back to the case summary's street.
    const facts = { type: event.type, time: event.time, data: { ...event.data } };
    for (const f of effectsOf(facts, CLOCK_RULES)) {
      const clockId = clockIdOf(f.rule.id, f.subjectKey);
      await evolveRow(clockStore(tx, clockId), (c) =>
        evolveClock(c, f, { clockId, caseId: event.subject, eventId: event.id }),
      );
    }
  }
  await notify(tx, event);
}

async function notify(tx: Executor, event: LinkageEvent): Promise<void> {
  const recordId = workItemOf(event);
  const c = await caseOf(tx, event.subject);
  const item = recordId ? await lockWorkItem(tx, recordId) : undefined;
  const change = evolveNotifications(
    { caseNumber: c?.caseNumber ?? null, ownerDept: c?.ownerDept ?? null, item },
    event,
    new Date(),
  );
  if (change.item) await saveWorkItem(tx, change.item);
  await insertNotifications(tx, change.notifications);
}
