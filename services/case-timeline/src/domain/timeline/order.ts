export interface Orderable {
  eventId: string;
  causationId: string | null;
  occurredAt: Date;
}

/**
 * The order of a case's timeline: by event time, then by the (time-ordered) event id; and an
 * effect never before its cause, even when clocks of two services put them in the same instant.
 */
export function timelineOrder<T extends Orderable>(entries: readonly T[]): T[] {
  const sorted = [...entries].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
  const byId = new Map(sorted.map((e) => [e.eventId, e]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (e: T, path: Set<string>) => {
    if (placed.has(e.eventId)) return;
    const cause = e.causationId ? byId.get(e.causationId) : undefined;
    if (cause && !placed.has(cause.eventId) && !path.has(cause.eventId)) place(cause, new Set([...path, e.eventId]));
    placed.add(e.eventId);
    out.push(e);
  };
  for (const e of sorted) place(e, new Set());
  return out;
}
