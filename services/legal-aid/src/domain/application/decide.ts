import type { Static } from '@sinclair/typebox';
import type {
  EventData,
  LegalAidArt48Ground,
  LegalAidClosureOutcome,
  LegalAidEventType,
  LegalAidProgressStage,
  LegalAidRefusalGround,
  LegalAidTerminationGround,
  LegalAidUrgentAidGround,
} from '@linkage/contracts';
import { ConflictError, ValidationError, type Calendar } from '@linkage/service-kit';
import type { ApplicationRow } from '../../db/schema.ts';
import { assignByFrom, remainingMs, resumedDecideBy, reviewByFrom, supplyByFrom } from './clocks.ts';
import { bureauOf } from '../policy.ts';
import { missingDocuments, type DocumentCode, type MatterType } from './checklist.ts';
import { assessMeans, type MeansInput, type MeansOutcome } from './means.ts';

export const STATUSES = [
  'received',
  'materials_requested',
  'approved',
  'refused',
  'objection_pending',
  'assigned',
  'terminated',
  'withdrawn',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

/** What a decision needs to know about an application (a row without its encrypted fields). */
export type ApplicationState = Pick<
  ApplicationRow,
  | 'id'
  | 'caseId'
  | 'matterType'
  | 'street'
  | 'documents'
  | 'receivedAt'
  | 'decideBy'
  | 'clockPausedAt'
  | 'materialsRequestedAt'
  | 'missingRequested'
  | 'meansOutcome'
  | 'urgentAidStartedAt'
  | 'objectionFiledAt'
  | 'objectionAgainst'
  | 'centreDept'
  | 'applicantGender'
  | 'supplyBy'
  | 'terminationGround'
  | 'lawyerId'
> & { status: Status };

export type Command =
  | { kind: 'record_means_test'; input: MeansInput }
  | { kind: 'request_materials'; supplyWithinDays: number }
  | { kind: 'deem_withdrawn' }
  | { kind: 'supply_materials'; documents: DocumentCode[] }
  | { kind: 'start_urgent_aid'; ground: Static<typeof LegalAidUrgentAidGround> }
  | { kind: 'approve' }
  | { kind: 'refuse'; ground: Static<typeof LegalAidRefusalGround> }
  | { kind: 'file_objection' }
  | { kind: 'review_objection'; outcome: 'upheld' | 'dismissed' }
  | {
      kind: 'assign_lawyer';
      lawyerId: string;
      assignmentId: string;
      femaleLawyer: boolean;
      femaleLawyerRequested: boolean;
    }
  | { kind: 'note_progress'; stage: Static<typeof LegalAidProgressStage> }
  | { kind: 'terminate'; ground: Static<typeof LegalAidArt48Ground> }
  | {
      kind: 'close';
      outcome: Static<typeof LegalAidClosureOutcome>;
      terminationGround: Static<typeof LegalAidTerminationGround> | null;
      satisfaction: number | null;
    };

export type Draft = { [T in LegalAidEventType]: { type: T; data: EventData<T> } }[LegalAidEventType];

export interface Decision {
  patch: Partial<ApplicationRow>;
  events: Draft[];
  /** A lawyer whose caseload goes down by one (the matter ended for them). */
  releaseLawyer?: string;
}

function illegal(s: ApplicationState, action: string): never {
  throw new ConflictError(
    'illegal_transition',
    `Cannot ${action} an application that is ${s.status.replace(/_/g, ' ')}.`,
  );
}

const iso = (d: Date) => d.toISOString();
const sexOf = (s: ApplicationState): 'female' | 'male' | 'unknown' =>
  s.applicantGender === 'female' || s.applicantGender === 'male' ? s.applicantGender : 'unknown';

/** Legal aid application decisions: state + command + clock → row changes and events, or a typed error. */
export function decide(s: ApplicationState, c: Command, now: Date, cal: Calendar): Decision {
  const ref = { applicationId: s.id, caseId: s.caseId };
  const matterType = s.matterType as MatterType;
  switch (c.kind) {
    case 'record_means_test': {
      if (s.status !== 'received' && s.status !== 'materials_requested') illegal(s, 'record a means test on');
      const m = assessMeans(c.input);
      return {
        patch: { meansOutcome: m.outcome, meansBasis: m.basis, meansLegalBasis: m.legalBasis, meansRecordedAt: now },
        events: [{ type: 'legal_aid.means_test.recorded.v1', data: { ...ref, meansTest: m, recordedAt: iso(now) } }],
      };
    }
    case 'request_materials': {
      if (s.materialsRequestedAt)
        throw new ConflictError(
          'materials_already_requested',
          'Missing materials are requested once, all together (LAL Art. 43); they were requested already.',
        );
      if (s.status !== 'received') illegal(s, 'request materials for');
      const missing = missingDocuments(matterType, s.meansOutcome as MeansOutcome | null, s.documents);
      if (missing.length === 0)
        throw new ConflictError('nothing_missing', 'The documents checklist is complete; there is nothing to request.');
      const supplyBy = supplyByFrom(now, c.supplyWithinDays, cal);
      return {
        patch: {
          status: 'materials_requested',
          materialsRequestedAt: now,
          clockPausedAt: now,
          missingRequested: missing,
          supplyBy,
        },
        events: [
          {
            type: 'legal_aid.application.materials_requested.v1',
            data: {
              ...ref,
              missing,
              requestedAt: iso(now),
              decisionClock: 'paused',
              remainingHours: Math.round(remainingMs(s.decideBy, now) / 36_000) / 100,
              supplyBy: iso(supplyBy),
            },
          },
        ],
      };
    }
    case 'deem_withdrawn': {
      // LAL Art. 43: 申请人未按要求补充材料或者作出说明的，视为撤回申请.
      if (s.status !== 'materials_requested' || !s.supplyBy || !s.materialsRequestedAt) illegal(s, 'deem withdrawn');
      if (now.getTime() < s.supplyBy.getTime())
        throw new ConflictError('materials_period_running', 'The period set for the materials has not ended yet.');
      return {
        patch: {
          status: 'withdrawn',
          closedAt: now,
          clockPausedAt: null,
          ...(s.lawyerId ? { lawyerId: null, assignmentId: null, assignedAt: null } : {}),
        },
        events: [
          {
            type: 'legal_aid.application.deemed_withdrawn.v1',
            data: {
              ...ref,
              requestedAt: iso(s.materialsRequestedAt),
              supplyBy: iso(s.supplyBy),
              withdrawnAt: iso(now),
            },
          },
        ],
        ...(s.lawyerId ? { releaseLawyer: s.lawyerId } : {}),
      };
    }
    case 'supply_materials': {
      if (s.status !== 'materials_requested' || !s.clockPausedAt) illegal(s, 'supply materials for');
      const documents = [...new Set([...s.documents, ...c.documents])];
      const decideBy = resumedDecideBy(s.receivedAt, s.clockPausedAt, now, cal);
      const have = new Set(documents);
      const stillMissing = (s.missingRequested ?? []).filter((d) => !have.has(d)) as DocumentCode[];
      return {
        patch: { status: 'received', documents, decideBy, clockPausedAt: null },
        events: [
          {
            type: 'legal_aid.application.materials_received.v1',
            data: { ...ref, stillMissing, receivedAt: iso(now), decideBy: iso(decideBy) },
          },
        ],
      };
    }
    case 'start_urgent_aid': {
      if (s.status !== 'received' && s.status !== 'materials_requested')
        illegal(s, 'start urgent aid (LAL Art. 44 is for before the decision) on');
      if (s.urgentAidStartedAt)
        throw new ConflictError('urgent_aid_already_started', 'Urgent aid has already started on this application.');
      return {
        patch: { urgentAidGround: c.ground, urgentAidStartedAt: now },
        events: [
          {
            type: 'legal_aid.urgent_aid.started.v1',
            data: {
              ...ref,
              ground: c.ground,
              startedAt: iso(now),
              decideBy: iso(s.decideBy),
              applicantSex: sexOf(s),
              street: s.street as EventData<'legal_aid.urgent_aid.started.v1'>['street'],
            },
          },
        ],
      };
    }
    case 'approve': {
      if (s.status === 'materials_requested')
        throw new ConflictError('awaiting_materials', 'The requested materials have not been supplied yet.');
      if (s.status !== 'received') illegal(s, 'approve');
      if (!s.meansOutcome)
        throw new ConflictError(
          'means_test_missing',
          'Record the means test (or its statutory exemption) before approving.',
        );
      if (s.meansOutcome === 'ineligible')
        throw new ConflictError(
          'means_test_not_met',
          'The hardship check was not met; the application can only be refused.',
        );
      return approved(s, now, 'decision', [], cal);
    }
    case 'refuse': {
      if (s.status !== 'received' && s.status !== 'materials_requested') illegal(s, 'refuse');
      return {
        patch: {
          status: 'refused',
          decidedAt: now,
          refusalGround: c.ground,
          clockPausedAt: null,
          ...(s.lawyerId ? { lawyerId: null, assignmentId: null, assignedAt: null } : {}),
        },
        events: [{ type: 'legal_aid.application.refused.v1', data: { ...ref, ground: c.ground, refusedAt: iso(now) } }],
        ...(s.lawyerId ? { releaseLawyer: s.lawyerId } : {}),
      };
    }
    case 'file_objection': {
      // LAL Art. 49: an objection to a refusal *or a termination*, lodged with the justice bureau.
      if ((s.status === 'refused' || s.status === 'terminated') && s.objectionFiledAt)
        throw new ConflictError('objection_already_filed', 'An objection to this decision has already been reviewed.');
      if (s.status !== 'refused' && s.status !== 'terminated') illegal(s, 'object to');
      const against = s.status === 'refused' ? 'refusal' : 'termination';
      const reviewBy = reviewByFrom(now, cal);
      return {
        patch: { status: 'objection_pending', objectionFiledAt: now, reviewBy, objectionAgainst: against },
        events: [
          {
            type: 'legal_aid.objection.filed.v1',
            data: { ...ref, filedAt: iso(now), reviewBy: iso(reviewBy), against, reviewerDept: bureauOf(s.centreDept) },
          },
        ],
      };
    }
    case 'review_objection': {
      // LAL Art. 49: the bureau upholds the centre's decision (维持 → `dismissed`) or orders it corrected (责令改正 →
      // `upheld`).
      if (s.status !== 'objection_pending') illegal(s, 'review an objection on');
      const against = s.objectionAgainst === 'termination' ? 'termination' : 'refusal';
      const reviewed: Draft = {
        type: 'legal_aid.objection.reviewed.v1',
        data: { ...ref, outcome: c.outcome, reviewedAt: iso(now), against },
      };
      const done = { objectionOutcome: c.outcome, objectionReviewedAt: now };
      if (c.outcome === 'dismissed')
        return { patch: { status: against === 'refusal' ? 'refused' : 'terminated', ...done }, events: [reviewed] };
      // the termination is set aside: aid goes on, and a lawyer is assigned again within 3 days
      const a = approved({ ...s, lawyerId: null }, now, 'objection', [reviewed], cal);
      return {
        ...a,
        patch: {
          ...a.patch,
          ...done,
          ...(against === 'termination' ? { terminationGround: null, closedAt: null } : {}),
        },
      };
    }
    case 'terminate': {
      // LAL Art. 48: a termination is the centre's decision, on one of the eight grounds, open to objection (Art. 49).
      if (s.status !== 'assigned' && s.status !== 'approved') illegal(s, 'terminate legal aid on');
      return {
        patch: {
          status: 'terminated',
          closedAt: now,
          outcome: 'terminated',
          terminationGround: c.ground,
          ...(s.lawyerId ? { lawyerId: null, assignmentId: null, assignedAt: null } : {}),
        },
        events: [
          { type: 'legal_aid.matter.terminated.v1', data: { ...ref, ground: c.ground, terminatedAt: iso(now) } },
        ],
        ...(s.lawyerId ? { releaseLawyer: s.lawyerId } : {}),
      };
    }
    case 'assign_lawyer': {
      if (s.lawyerId)
        throw new ConflictError('lawyer_already_assigned', 'A lawyer is already assigned to this matter.');
      const underUrgentAid = s.status !== 'approved';
      if (underUrgentAid && !((s.status === 'received' || s.status === 'materials_requested') && s.urgentAidStartedAt))
        illegal(s, 'assign a lawyer (without approval or urgent aid) to');
      return {
        patch: {
          lawyerId: c.lawyerId,
          assignmentId: c.assignmentId,
          assignedAt: now,
          ...(underUrgentAid ? {} : { status: 'assigned' }),
        },
        events: [
          {
            type: 'legal_aid.lawyer.assigned.v1',
            data: {
              ...ref,
              assignmentId: c.assignmentId,
              underUrgentAid,
              femaleLawyerRequested: c.femaleLawyerRequested,
              femaleLawyer: c.femaleLawyer,
              assignedAt: iso(now),
            },
          },
        ],
      };
    }
    case 'note_progress': {
      if (s.status !== 'assigned') illegal(s, 'note progress on');
      return {
        patch: { lastStage: c.stage },
        events: [{ type: 'legal_aid.matter.progress_noted.v1', data: { ...ref, stage: c.stage, notedAt: iso(now) } }],
      };
    }
    case 'close': {
      if (s.status !== 'assigned') illegal(s, 'close');
      if (c.outcome === 'terminated' || c.terminationGround !== null) {
        throw new ValidationError(
          'termination_is_a_decision',
          'Terminating legal aid is a decision on an LAL Art. 48 ground, open to objection (Art. 49): use /terminate.',
        );
      }
      return {
        patch: {
          status: 'closed',
          closedAt: now,
          outcome: c.outcome,
          terminationGround: c.terminationGround,
          satisfaction: c.satisfaction,
        },
        events: [
          {
            type: 'legal_aid.matter.closed.v1',
            data: {
              ...ref,
              outcome: c.outcome,
              terminationGround: c.terminationGround,
              satisfaction: c.satisfaction,
              closedAt: iso(now),
            },
          },
        ],
        ...(s.lawyerId ? { releaseLawyer: s.lawyerId } : {}),
      };
    }
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function approved(
  s: ApplicationState,
  now: Date,
  via: 'decision' | 'objection',
  before: Draft[],
  cal: Calendar,
): Decision {
  // A lawyer already acting under urgent aid (Art. 44) carries on: no assignment clock.
  const assignBy = s.lawyerId ? null : assignByFrom(now, cal);
  return {
    patch: { status: s.lawyerId ? 'assigned' : 'approved', decidedAt: now, approvedVia: via, assignBy },
    events: [
      ...before,
      {
        type: 'legal_aid.application.approved.v1',
        data: {
          applicationId: s.id,
          caseId: s.caseId,
          matterType: s.matterType as MatterType,
          street: s.street as EventData<'legal_aid.application.approved.v1'>['street'],
          meansOutcome: s.meansOutcome as MeansOutcome | null,
          via,
          approvedAt: iso(now),
          assignBy: assignBy ? iso(assignBy) : null,
          applicantSex: sexOf(s),
        },
      },
    ],
  };
}
