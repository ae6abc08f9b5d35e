import type { EventData, EventType } from '@linkage/contracts';
import type { Principal } from '@linkage/auth';

/** An event a decide function wants emitted: its type and data (the service adds the envelope). */
export type Emit = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** Who acts, as the domain needs it (role + dept + street jurisdiction, never a name). */
export type Actor = Pick<Principal, 'role' | 'dept'> & { streets?: string[] };

/** Exhaustiveness guard for switches over commands and states. */
export function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
