import type { ElderCareEvent } from '@linkage/contracts';
import type { Emit } from '@linkage/domain';

/** An event elder care emits (safeguarding's hand-over included). */
export type ElderEvent = Extract<Emit, { type: ElderCareEvent['type'] }>;
/** One of them, by type. */
export type ElderEventOf<T extends ElderEvent['type']> = Extract<ElderEvent, { type: T }>;

/** The decided event of a type, if any (the application reads the values a decision fixed from it). */
export function eventOf<T extends ElderEvent['type']>(events: readonly Emit[], type: T): ElderEventOf<T> | undefined {
  return events.find((e): e is ElderEventOf<T> => e.type === type);
}
