import type { Static } from '@sinclair/typebox';
// import { Type } from '@sinclair/typebox';
// import { DateTime, Uuid } from '../common.ts';
// import { eventSchema } from '../envelope.ts';

// Legal aid events (`legal_aid.<entity>.<verb>.v1`), published on `legal-aid.events`.
// Owned by services/legal-aid. Carry status, dates, categories and deadlines — never the
// applicant's identity (Legal Aid Law Art. 21 confidentiality).

export const LegalAidEvents = [] as const;
export type LegalAidEvent = Static<(typeof LegalAidEvents)[number]>;
