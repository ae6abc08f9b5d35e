import type { Static } from '@sinclair/typebox';
import type {
  EventData,
  LegalAidArt48Ground,
  LegalAidClosureOutcome,
  LegalAidProgressStage,
  LegalAidRefusalGround,
  LegalAidTerminationGround,
  LegalAidUrgentAidGround,
} from '@linkage/contracts';
import { assertNever, ConflictError, DomainError, ValidationError, type Calendar } from '@linkage/domain';
import { assignByFrom, remainingHours, resumedDecideBy, reviewByFrom, supplyByFrom } from './clocks.ts';
import { bureauOf } from '../policy.ts';
import { missingDocuments, type DocumentCode, type MatterType } from './checklist.ts';
import { meansTest, type MeansInput, type MeansOutcome } from './means.ts';
import type { ApplicationEvent, ApplicationState } from './state.ts';

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

/** The events a command on an application emits, or why it is refused (a `Decision` narrowed to this aggregate). */
export type ApplicationDecision = ApplicationEvent[] | DomainError;

const illegal = (s: ApplicationState, action: string) =>
  new ConflictError('illegal_transition', `Cannot ${action} an application that is ${s.status.replace(/_/g, ' ')}.`);

const iso = (d: Date) => d.toISOString();
const sexOf = (s: ApplicationState): 'female' | 'male' | 'unknown' =>
  s.applicantGender === 'female' || s.applicantGender === 'male' ? s.applicantGender : 'unknown';
type Street = EventData<'legal_aid.application.approved.v1'>['street'];

/**
 * Legal aid application decisions: state + command + clock → the events, or a typed refusal. The row change
 * each event makes is `evolve` (evolve.ts).
 */
export function decide(s: ApplicationState, c: Command, now: Date, cal: Calendar): ApplicationDecision {
  const ref = { applicationId: s.id, caseId: s.caseId };
  switch (c.kind) {
    case 'record_means_test': {
      if (s.status !== 'received' && s.status !== 'materials_requested') return illegal(s, 'record a means test on');
      const m = meansTest(c.input);
      if (m instanceof DomainError) return m;
      return [{ type: 'legal_aid.means_test.recorded.v1', data: { ...ref, meansTest: m, recordedAt: iso(now) } }];
    }
    case 'request_materials': {
      if (s.materialsRequestedAt)
        return new ConflictError(
          'materials_already_requested',
          'Missing materials are requested once, all together (LAL Art. 43); they were requested already.',
        );
      if (s.status !== 'received') return illegal(s, 'request materials for');
      const missing = missingDocuments(s.matterType as MatterType, s.meansOutcome as MeansOutcome | null, s.documents);
      if (missing.length === 0)
        return new ConflictError(
          'nothing_missing',
          'The documents checklist is complete; there is nothing to request.',
        );
      return [
        {
          type: 'legal_aid.application.materials_requested.v1',
          data: {
            ...ref,
            missing,
            requestedAt: iso(now),
            decisionClock: 'paused',
            remainingHours: remainingHours(s.decideBy, now),
            supplyBy: iso(supplyByFrom(now, c.supplyWithinDays, cal)),
          },
        },
      ];
    }
    case 'deem_withdrawn': {
      // LAL Art. 43: 申请人未按要求补充材料或者作出说明的，视为撤回申请.
      if (s.status !== 'materials_requested' || !s.supplyBy || !s.materialsRequestedAt)
        return illegal(s, 'deem withdrawn');
      if (now.getTime() < s.supplyBy.getTime())
        return new ConflictError('materials_period_running', 'The period set for the materials has not ended yet.');
      return [
        {
          type: 'legal_aid.application.deemed_withdrawn.v1',
          data: {
            ...ref,
            requestedAt: iso(s.materialsRequestedAt),
            supplyBy: iso(s.supplyBy),
            withdrawnAt: iso(now),
          },
        },
      ];
    }
    case 'supply_materials': {
      if (s.status !== 'materials_requested' || !s.clockPausedAt) return illegal(s, 'supply materials for');
      const have = new Set(withDocuments(s, c.documents));
      const stillMissing = (s.missingRequested ?? []).filter((d) => !have.has(d)) as DocumentCode[];
      const decideBy = resumedDecideBy(s.receivedAt, s.clockPausedAt, now, cal);
      return [
        {
          type: 'legal_aid.application.materials_received.v1',
          data: { ...ref, stillMissing, receivedAt: iso(now), decideBy: iso(decideBy) },
        },
      ];
    }
    case 'start_urgent_aid': {
      if (s.status !== 'received' && s.status !== 'materials_requested')
        return illegal(s, 'start urgent aid (LAL Art. 44 is for before the decision) on');
      if (s.urgentAidStartedAt)
        return new ConflictError('urgent_aid_already_started', 'Urgent aid has already started on this application.');
      return [
        {
          type: 'legal_aid.urgent_aid.started.v1',
          data: {
            ...ref,
            ground: c.ground,
            startedAt: iso(now),
            decideBy: iso(s.decideBy),
            applicantSex: sexOf(s),
            street: s.street as Street,
          },
        },
      ];
    }
    case 'approve': {
      if (s.status === 'materials_requested')
        return new ConflictError('awaiting_materials', 'The requested materials have not been supplied yet.');
      if (s.status !== 'received') return illegal(s, 'approve');
      if (!s.meansOutcome)
        return new ConflictError(
          'means_test_missing',
          'Record the means test (or its statutory exemption) before approving.',
        );
      if (s.meansOutcome === 'ineligible')
        return new ConflictError(
          'means_test_not_met',
          'The hardship check was not met; the application can only be refused.',
        );
      return [approved(s, now, 'decision', cal)];
    }
    case 'refuse': {
      if (s.status !== 'received' && s.status !== 'materials_requested') return illegal(s, 'refuse');
      return [{ type: 'legal_aid.application.refused.v1', data: { ...ref, ground: c.ground, refusedAt: iso(now) } }];
    }
    case 'file_objection': {
      // LAL Art. 49: an objection to a refusal *or a termination*, lodged with the justice bureau.
      if ((s.status === 'refused' || s.status === 'terminated') && s.objectionFiledAt)
        return new ConflictError('objection_already_filed', 'An objection to this decision has already been reviewed.');
      if (s.status !== 'refused' && s.status !== 'terminated') return illegal(s, 'object to');
      const against = s.status === 'refused' ? 'refusal' : 'termination';
      return [
        {
          type: 'legal_aid.objection.filed.v1',
          data: {
            ...ref,
            filedAt: iso(now),
            reviewBy: iso(reviewByFrom(now, cal)),
            against,
            reviewerDept: bureauOf(s.centreDept),
          },
        },
      ];
    }
    case 'review_objection': {
      // LAL Art. 49: the bureau upholds the centre's decision (维持 → `dismissed`) or orders it corrected (责令改正 →
      // `upheld`); then aid is approved or goes on, and a lawyer is assigned again within 3 days.
      if (s.status !== 'objection_pending') return illegal(s, 'review an objection on');
      const against = s.objectionAgainst === 'termination' ? 'termination' : 'refusal';
      const reviewed: ApplicationEvent = {
        type: 'legal_aid.objection.reviewed.v1',
        data: { ...ref, outcome: c.outcome, reviewedAt: iso(now), against },
      };
      return c.outcome === 'dismissed'
        ? [reviewed]
        : [reviewed, approved({ ...s, lawyerId: null }, now, 'objection', cal)];
    }
    case 'terminate': {
      // LAL Art. 48: a termination is the centre's decision, on one of the eight grounds, open to objection (Art. 49).
      if (s.status !== 'assigned' && s.status !== 'approved') return illegal(s, 'terminate legal aid on');
      return [{ type: 'legal_aid.matter.terminated.v1', data: { ...ref, ground: c.ground, terminatedAt: iso(now) } }];
    }
    case 'assign_lawyer': {
      if (s.lawyerId)
        return new ConflictError('lawyer_already_assigned', 'A lawyer is already assigned to this matter.');
      const underUrgentAid = s.status !== 'approved';
      if (underUrgentAid && !((s.status === 'received' || s.status === 'materials_requested') && s.urgentAidStartedAt))
        return illegal(s, 'assign a lawyer (without approval or urgent aid) to');
      return [
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
      ];
    }
    case 'note_progress': {
      if (s.status !== 'assigned') return illegal(s, 'note progress on');
      return [{ type: 'legal_aid.matter.progress_noted.v1', data: { ...ref, stage: c.stage, notedAt: iso(now) } }];
    }
    case 'close': {
      if (s.status !== 'assigned') return illegal(s, 'close');
      if (c.outcome === 'terminated' || c.terminationGround !== null) {
        return new ValidationError(
          'termination_is_a_decision',
          'Terminating legal aid is a decision on an LAL Art. 48 ground, open to objection (Art. 49): use /terminate.',
        );
      }
      return [
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
      ];
    }
    default:
      return assertNever(c);
  }
}

/** The documents on file once `supplied` are added (each once). */
export const withDocuments = (s: ApplicationState, supplied: readonly string[]): string[] => [
  ...new Set([...s.documents, ...supplied]),
];

function approved(s: ApplicationState, now: Date, via: 'decision' | 'objection', cal: Calendar): ApplicationEvent {
  // A lawyer already acting under urgent aid (Art. 44) carries on: no assignment clock.
  const assignBy = s.lawyerId ? null : assignByFrom(now, cal);
  return {
    type: 'legal_aid.application.approved.v1',
    data: {
      applicationId: s.id,
      caseId: s.caseId,
      matterType: s.matterType as MatterType,
      street: s.street as Street,
      meansOutcome: s.meansOutcome as MeansOutcome | null,
      via,
      approvedAt: iso(now),
      assignBy: assignBy ? iso(assignBy) : null,
      applicantSex: sexOf(s),
    },
  };
}
