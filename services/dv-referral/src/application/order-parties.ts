import type { FastifyInstance } from 'fastify';
import type { Details, RegisteredParties } from '../domain/order/parties.ts';

// The court's record of the parties, sealed in `details_enc` with the order id as AAD (see domain/order/parties.ts).

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
