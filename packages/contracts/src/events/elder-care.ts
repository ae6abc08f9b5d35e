import type { Static } from '@sinclair/typebox';
// import { Type } from '@sinclair/typebox';
// import { DateTime, Uuid } from '../common.ts';
// import { eventSchema } from '../envelope.ts';

// Elder-care events (`elder_care.<entity>.<verb>.v1`), published on `elder-care.events`.
// Owned by services/elder-care. No names, phones, addresses or ID numbers.

export const ElderCareEvents = [] as const;
export type ElderCareEvent = Static<(typeof ElderCareEvents)[number]>;
