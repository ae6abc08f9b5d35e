import type { Static } from '@sinclair/typebox';
// import { Type } from '@sinclair/typebox';
// import { DateTime, Uuid } from '../common.ts';
// import { eventSchema } from '../envelope.ts';

// Oversight events (`oversight.sla.<verb>.v1`), published on `oversight.events` by case-timeline.

export const OversightEvents = [] as const;
export type OversightEvent = Static<(typeof OversightEvents)[number]>;
