import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '@linkage/service-kit';

/**
 * What the court must keep for its ruling, copied on an explicit act: when a clerk registers (accepts) an
 * application, she may record the applicant's and the respondent's identity as she saw them in intake's dossier.
 * Stored encrypted in `details_enc` (AAD = the order id) — never from an event, never in one.
 */
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const PartyIdentity = Type.Object(
  {
    name: Text(100),
    sex: Type.Optional(Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('unknown')])),
    birthYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })),
    idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', maxLength: 18 })),
    address: Type.Optional(Text(300)),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$', maxLength: 20 })),
    relation: Type.Optional(Text(50)),
  },
  { additionalProperties: false },
);
export type PartyIdentity = Static<typeof PartyIdentity>;
export interface RegisteredParties {
  applicant?: PartyIdentity;
  respondent?: PartyIdentity;
}
export const PartiesView = Type.Object({
  applicant: Type.Union([PartyIdentity, Type.Null()]),
  respondent: Type.Union([PartyIdentity, Type.Null()]),
  particulars: Type.Union([Type.String(), Type.Null()]),
});

interface Details {
  v: 2;
  particulars?: string;
  applicant?: PartyIdentity;
  respondent?: PartyIdentity;
}

/** The parties given in a request body, if any. */
export const partiesIn = (body: unknown): RegisteredParties | undefined => {
  const b = body as RegisteredParties;
  return b.applicant || b.respondent
    ? { ...(b.applicant ? { applicant: b.applicant } : {}), ...(b.respondent ? { respondent: b.respondent } : {}) }
    : undefined;
};

/** Read `details_enc`: the filing's particulars (plain text, as filed) and the parties the court registered. */
export function openDetails(app: FastifyInstance, orderId: string, enc: string | null): Omit<Details, 'v'> {
  const plain = app.cipher.decryptOptional(enc, orderId);
  if (plain === null) return {};
  if (plain.startsWith('{"v":2')) {
    const d = JSON.parse(plain) as Details;
    return {
      ...(d.particulars ? { particulars: d.particulars } : {}),
      ...(d.applicant ? { applicant: d.applicant } : {}),
      ...(d.respondent ? { respondent: d.respondent } : {}),
    };
  }
  return { particulars: plain };
}

/** The new `details_enc`: what was there, with the registered parties (given ones replace earlier ones). */
export function sealDetails(
  app: FastifyInstance,
  orderId: string,
  enc: string | null,
  parties: RegisteredParties,
): string {
  const d: Details = { v: 2, ...openDetails(app, orderId, enc), ...parties };
  return app.cipher.encrypt(JSON.stringify(d), orderId);
}

/** The court's own view of the parties it registered (the owning department only). */
export function partiesView(app: FastifyInstance, orderId: string, enc: string | null) {
  const d = openDetails(app, orderId, enc);
  return { applicant: d.applicant ?? null, respondent: d.respondent ?? null, particulars: d.particulars ?? null };
}

export function assertRegisterable(kind: string, parties: RegisteredParties | undefined): void {
  if (parties && kind !== 'accept')
    throw new ValidationError(
      'parties_on_register_only',
      'The parties are recorded when the application is registered (accepted).',
    );
}
