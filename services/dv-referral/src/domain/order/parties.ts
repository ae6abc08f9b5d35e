import { Type, type Static } from '@sinclair/typebox';
import { ValidationError } from '@linkage/domain';

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

/** What `details_enc` holds (version 2): the filing's particulars and the parties the court registered. */
export interface Details {
  v: 2;
  particulars?: string;
  applicant?: PartyIdentity;
  respondent?: PartyIdentity;
}

/** The parties given in a request body, if any. */
export const partiesIn = (b: RegisteredParties): RegisteredParties | undefined =>
  b.applicant || b.respondent
    ? { ...(b.applicant ? { applicant: b.applicant } : {}), ...(b.respondent ? { respondent: b.respondent } : {}) }
    : undefined;

/** The parties are recorded on registering (accepting) an application, with no other command. */
export const registrationRefusal = (
  kind: string,
  parties: RegisteredParties | undefined,
): ValidationError | undefined =>
  parties && kind !== 'accept'
    ? new ValidationError(
        'parties_on_register_only',
        'The parties are recorded when the application is registered (accepted).',
      )
    : undefined;
