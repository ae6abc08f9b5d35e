import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar, ValidationError, uuidv7 } from '@linkage/service-kit';
import { findApplication, insertApplication, insertConflicts, lawyersByIds, updateApplication } from '../db/queries.ts';
import { channelRefusal, receive, type Received, type ReceiveInput } from '../domain/application/receive.ts';
import { assessMeans, type MeansInput } from '../domain/application/means.ts';
import type { DocumentCode, MatterType } from '../domain/application/checklist.ts';
import { can } from '../domain/policy.ts';
import { loadForChange } from './commands.ts';
import { summaryView } from './views.ts';

export interface ApplicantInput {
  name: string;
  gender: 'female' | 'male';
  idNumber?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
  age?: number | undefined;
  street?: string | undefined;
}

export interface SubmitBody {
  channel: 'walk_in' | 'online' | 'womens_federation';
  caseId?: string | undefined;
  matterType: MatterType;
  proceedings: ReceiveInput['proceedings'];
  urgency: ReceiveInput['urgency'];
  applicant: ApplicantInput;
  femaleLawyerRequested?: boolean | undefined;
  documents?: DocumentCode[] | undefined;
  summary?: string | undefined;
  meansTest?: (MeansInput & { evidence?: string | undefined }) | undefined;
  opposingPartyLawyerIds?: string[] | undefined;
}

/** The columns of a received application that come from its input and the receipt decision. */
export function rowOf(i: ReceiveInput, r: Received) {
  return {
    id: i.id,
    caseId: i.caseId,
    requestId: i.requestId,
    channel: i.channel,
    matterType: i.matterType,
    proceedings: i.proceedings,
    urgency: i.urgency,
    street: i.street,
    status: r.status,
    receivedAt: r.receivedAt,
    decideBy: r.decideBy,
    ...(i.means
      ? {
          meansOutcome: i.means.outcome,
          meansBasis: i.means.basis,
          meansLegalBasis: i.means.legalBasis,
          meansRecordedAt: r.receivedAt,
        }
      : {}),
  };
}

/** A direct application (walk-in, online, or the women's federation on her behalf). */
export async function submitApplication(
  app: FastifyInstance,
  who: Principal,
  body: SubmitBody,
  correlationId: string,
  centreDept: string,
) {
  can(who, 'submit');
  const refused = channelRefusal(who.role, body.channel);
  if (refused) throw refused;
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const means = body.meansTest ? assessMeans(body.meansTest) : null; // an invalid exemption claim is a 400, nothing written
  const { name, idNumber, phone, address, age } = body.applicant;
  // one case, one id: with no intake case, the application gets a new case id, and intake opens the case under it
  // when it hears of the application (as for a direct elder-care referral); the application is never caseless
  const caseId = body.caseId ?? uuidv7(now.getTime());
  const input: ReceiveInput = {
    id,
    caseId,
    newCase: body.caseId === undefined,
    applicantSex: body.applicant.gender,
    requestId: null,
    channel: body.channel,
    matterType: body.matterType,
    proceedings: body.proceedings,
    urgency: body.urgency,
    street: (body.applicant.street ?? null) as ReceiveInput['street'],
    means,
  };
  const centre = who.role === 'legal_aid_officer' ? who.dept : centreDept;
  return app.store.db.transaction(async (tx) => {
    const r = receive(input, now, await loadCalendar(tx));
    const opposing = body.opposingPartyLawyerIds ?? [];
    if ((await lawyersByIds(tx, opposing)).length !== opposing.length) {
      throw new ValidationError('unknown_lawyer', 'A conflicting lawyer must be one in the registry.', [
        { path: '/body/opposingPartyLawyerIds', message: 'unknown lawyer id' },
      ]);
    }
    await insertApplication(tx, {
      ...rowOf(input, r),
      centreDept: centre,
      submittedByDept: who.dept,
      applicantGender: body.applicant.gender,
      femaleLawyerRequested: body.femaleLawyerRequested ?? false,
      documents: [...new Set(body.documents ?? [])],
      applicantEnc: app.cipher.encrypt(JSON.stringify({ name, idNumber, phone, address, age }), id),
      summaryEnc: app.cipher.encryptOptional(body.summary, id),
      meansEvidenceEnc: app.cipher.encryptOptional(body.meansTest?.evidence, id),
      createdAt: now,
      updatedAt: now,
    });
    await insertConflicts(
      tx,
      opposing.map((lawyerId) => ({
        applicationId: id,
        lawyerId,
        reason: 'represents_opposing_party',
        recordedAt: now,
      })),
    );
    await audit(tx, who, {
      action: 'application.received',
      entityType: 'application',
      entityId: id,
      caseId: input.caseId,
      details: { channel: input.channel },
    });
    await emitEvents(tx, [r.event], {
      source: app.service.source,
      subject: caseId,
      actor: who,
      correlationid: correlationId,
      time: now,
    });
    const row = await findApplication(tx, id);
    return summaryView(row!);
  });
}

/** The row change that keeps an applicant's identity: encrypted (AAD = application id), her sex as given. */
export function applicantPatch(app: FastifyInstance, id: string, a: ApplicantInput) {
  const { name, idNumber, phone, address, age } = a;
  return {
    applicantEnc: app.cipher.encrypt(JSON.stringify({ name, idNumber, phone, address, age }), id),
    applicantGender: a.gender,
    ...(a.street ? { street: a.street } : {}),
  };
}

/** Record or correct the applicant's personal data (e.g. for an application referred by intake). */
export async function recordApplicant(app: FastifyInstance, who: Principal, id: string, a: ApplicantInput) {
  return app.store.db.transaction(async (tx) => {
    const row = await loadForChange(tx, who, id, 'manage');
    const updated = await updateApplication(tx, id, { ...applicantPatch(app, id, a), updatedAt: app.clock() });
    await audit(tx, who, {
      action: 'application.applicant_recorded',
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      details: { fields: Object.keys(a) },
    });
    return summaryView(updated);
  });
}
