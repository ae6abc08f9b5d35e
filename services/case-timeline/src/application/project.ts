import type { LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import type { Consumed } from '@linkage/messaging';
import { lockClocks, saveClocks } from '../db/queries/clocks.ts';
import { insertNotifications, lockWorkItems, saveWorkItems } from '../db/queries/notifications.ts';
import { insertEntries, lockCases, lockSummaries, saveSummaries } from '../db/queries/timeline.ts';
import { effectsOf, type ClockEffect } from '../domain/clocks/engine.ts';
import { evolveClock, evolveFromOversight } from '../domain/clocks/evolve.ts';
import { clockIdOf } from '../domain/clocks/ids.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import type { Clock } from '../domain/clocks/state.ts';
import { evolveNotifications, workItemOf, type Notification, type WorkItem } from '../domain/notifications/evolve.ts';
import { evolveSummary, type CaseSummary } from '../domain/summary/evolve.ts';
import { entryOf } from '../domain/timeline/evolve.ts';

/** Rows by key as loaded, and the keys evolved since (written back at the end). */
export class Rows<R> {
  readonly dirty = new Set<string>();
  private readonly loaded: Set<string>;
  constructor(private readonly rows: Map<string, R>) {
    this.loaded = new Set(rows.keys());
  }
  get(key: string): R | undefined {
    return this.rows.get(key);
  }
  /** Set the row (evolved elsewhere). */
  set(key: string, row: R): void {
    this.rows.set(key, row);
    this.dirty.add(key);
  }
  /** The rows evolved, new ones included. */
  changed(): R[] {
    return [...this.dirty].map((k) => this.rows.get(k)!);
  }
  /** The rows evolved that were loaded (`updated`) and those that are new (`added`). */
  split(): { updated: R[]; added: R[] } {
    const updated: R[] = [];
    const added: R[] = [];
    for (const k of this.dirty) (this.loaded.has(k) ? updated : added).push(this.rows.get(k)!);
    return { updated, added };
  }
}

/** The rows a projection evolves (summaries by case, clocks by id, work items by record), and the notifications. */
export interface ProjectionState {
  summaries: Rows<CaseSummary>;
  clocks: Rows<Clock>;
  work: Rows<WorkItem>;
  notifications: Notification[];
}

export type ClockEffects = ReturnType<typeof clockEffectsOf>;

/**
 * Evolve the rows one event moves, all or nothing: every new row is computed first (by the pure `evolve` functions)
 * and set only once all are, so an event whose evolution throws changes nothing. Live (`projectBatch`) and the rebuild
 * (`rebuild.ts`) both apply events through this one function, so a rebuild reproduces what the live projection wrote.
 */
export function applyEvent(state: ProjectionState, event: LinkageEvent, effects: ClockEffects, now: Date): void {
  const clockNext = new Map<string, Clock>();
  let summary: CaseSummary | null = null;
  if (event.type === 'oversight.sla.warning.v1' || event.type === 'oversight.sla.breached.v1') {
    const next = evolveFromOversight(state.clocks.get(event.data.clockId), event);
    if (next) clockNext.set(event.data.clockId, next);
  } else {
    summary = evolveSummary(state.summaries.get(event.subject), event);
    for (const { clockId, effect } of effects) {
      const next = evolveClock(clockNext.get(clockId) ?? state.clocks.get(clockId), effect, {
        clockId,
        caseId: event.subject,
        eventId: event.id,
      });
      if (next) clockNext.set(clockId, next);
    }
  }
  const c = summary ?? state.summaries.get(event.subject);
  const recordId = workItemOf(event);
  const change = evolveNotifications(
    {
      caseNumber: c?.caseNumber ?? null,
      ownerDept: c?.ownerDept ?? null,
      item: recordId ? state.work.get(recordId) : undefined,
    },
    event,
    now,
  );
  if (summary) state.summaries.set(event.subject, summary);
  for (const [id, clock] of clockNext) state.clocks.set(id, clock);
  if (change.item) state.work.set(change.item.recordId, change.item);
  state.notifications.push(...change.notifications);
}

/** The clocks an event moves (only what the event carries, not the case summary: a replay sees the same). */
export function clockEffectsOf(event: LinkageEvent): { clockId: string; effect: ClockEffect }[] {
  if (event.type === 'oversight.sla.warning.v1' || event.type === 'oversight.sla.breached.v1') return [];
  // effectsOf only reads the data: no copy of it per event.
  const facts = { type: event.type, time: event.time, data: event.data as Record<string, unknown> };
  return effectsOf(facts, CLOCK_RULES).map((effect) => ({
    clockId: clockIdOf(effect.rule.id, effect.subjectKey),
    effect,
  }));
}

/**
 * Project a partition's fresh events in the consumer's transaction (with their inbox rows — a
 * redelivered event changes nothing), set-based: a few statements for the whole batch, not a few per
 * event. The batch's cases are locked first (other partitions' batches of the same cases wait), its
 * entries written, then every row it touches — case summaries, clocks, work items — read at once,
 * evolved in memory event by event in offset order by the same pure `evolve` functions, and written
 * back at once, with the new notifications.
 *
 * Once the case locks are held, the entries and the reads are ONE round trip (sent together on the
 * transaction's connection; none depends on another). The reads cover every event of the batch; one
 * already on the timeline (a redelivery) is then left out. The locks are awaited on their own first: a
 * read sent with them could run before them, and a row read before the lock may be stale.
 */
export async function projectBatch(items: readonly Consumed[], tx: Executor): Promise<void> {
  const effects = new Map(items.map((i) => [i.event.id, clockEffectsOf(i.event)]));
  const caseIds = [...new Set(items.map((i) => i.event.subject))];
  const clockIds = new Set<string>();
  const recordIds = new Set<string>();
  for (const { event: e } of items) {
    if (e.type === 'oversight.sla.warning.v1' || e.type === 'oversight.sla.breached.v1') clockIds.add(e.data.clockId);
    for (const f of effects.get(e.id)!) clockIds.add(f.clockId);
    const record = workItemOf(e);
    if (record) recordIds.add(record);
  }
  await lockCases(tx, caseIds);
  const [written, summaryRows, clockRows, itemRows] = await Promise.all([
    insertEntries(
      tx,
      items.map((i) => entryOf(i.event, i.meta)),
    ),
    lockSummaries(tx, caseIds),
    lockClocks(tx, [...clockIds]),
    lockWorkItems(tx, [...recordIds]),
  ]);
  const events = items.map((i) => i.event).filter((e) => written.has(e.id));
  if (events.length === 0) return;

  const state: ProjectionState = {
    summaries: new Rows<CaseSummary>(new Map(summaryRows.map((r) => [r.caseId, r]))),
    clocks: new Rows<Clock>(new Map(clockRows.map((r) => [r.id, r]))),
    work: new Rows<WorkItem>(new Map(itemRows.map((r) => [r.recordId, r]))),
    notifications: [],
  };
  const now = new Date();
  for (const event of events) applyEvent(state, event, effects.get(event.id)!, now);

  const { summaries, clocks, work, notifications } = state;
  const moved = clocks.split();
  await Promise.all([
    saveSummaries(tx, summaries.changed()),
    saveClocks(tx, moved.updated, moved.added),
    saveWorkItems(tx, work.changed()),
    insertNotifications(tx, notifications),
  ]);
}
