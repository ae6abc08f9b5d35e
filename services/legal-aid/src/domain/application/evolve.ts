import { assertNever } from '@linkage/domain';
import { withDocuments, type Command } from './decide.ts';
import type { ApplicationChange, ApplicationEvent, ApplicationState } from './state.ts';

const at = (iso: string) => new Date(iso);
/** The lawyer leaves the matter: the assignment is cleared (the caseload is released, see `changeOf`). */
const unassigned = (s: ApplicationState): ApplicationChange =>
  s.lawyerId ? { lawyerId: null, assignmentId: null, assignedAt: null } : {};

/** The row change one event makes to an application (the row is kept as the fold of its events). */
export function evolve(s: ApplicationState, e: ApplicationEvent): ApplicationChange {
  switch (e.type) {
    case 'legal_aid.application.received.v1':
      return {}; // the row is inserted on receipt
    case 'legal_aid.means_test.recorded.v1': {
      const m = e.data.meansTest;
      return {
        meansOutcome: m.outcome,
        meansBasis: m.basis,
        meansLegalBasis: m.legalBasis,
        meansRecordedAt: at(e.data.recordedAt),
      };
    }
    case 'legal_aid.application.materials_requested.v1':
      return {
        status: 'materials_requested',
        materialsRequestedAt: at(e.data.requestedAt),
        clockPausedAt: at(e.data.requestedAt),
        missingRequested: e.data.missing,
        ...(e.data.supplyBy ? { supplyBy: at(e.data.supplyBy) } : {}),
      };
    case 'legal_aid.application.deemed_withdrawn.v1':
      return { status: 'withdrawn', closedAt: at(e.data.withdrawnAt), clockPausedAt: null, ...unassigned(s) };
    case 'legal_aid.application.materials_received.v1':
      return { status: 'received', decideBy: at(e.data.decideBy), clockPausedAt: null };
    case 'legal_aid.urgent_aid.started.v1':
      return { urgentAidGround: e.data.ground, urgentAidStartedAt: at(e.data.startedAt) };
    case 'legal_aid.application.approved.v1': {
      // no assignment clock when a lawyer acting under urgent aid carries on: the matter is assigned already
      const assignBy = e.data.assignBy === null ? null : at(e.data.assignBy);
      return {
        status: assignBy ? 'approved' : 'assigned',
        decidedAt: at(e.data.approvedAt),
        approvedVia: e.data.via,
        assignBy,
      };
    }
    case 'legal_aid.application.refused.v1':
      return {
        status: 'refused',
        decidedAt: at(e.data.refusedAt),
        refusalGround: e.data.ground,
        clockPausedAt: null,
        ...unassigned(s),
      };
    case 'legal_aid.objection.filed.v1':
      return {
        status: 'objection_pending',
        objectionFiledAt: at(e.data.filedAt),
        reviewBy: at(e.data.reviewBy),
        objectionAgainst: e.data.against,
      };
    case 'legal_aid.objection.reviewed.v1': {
      const done = { objectionOutcome: e.data.outcome, objectionReviewedAt: at(e.data.reviewedAt) };
      if (e.data.outcome === 'dismissed')
        return { status: e.data.against === 'refusal' ? 'refused' : 'terminated', ...done };
      // set aside: the approval that follows restores aid; a set-aside termination leaves no trace of ending
      return { ...done, ...(e.data.against === 'termination' ? { terminationGround: null, closedAt: null } : {}) };
    }
    case 'legal_aid.matter.terminated.v1':
      return {
        status: 'terminated',
        closedAt: at(e.data.terminatedAt),
        outcome: 'terminated',
        terminationGround: e.data.ground,
        ...unassigned(s),
      };
    case 'legal_aid.lawyer.assigned.v1':
      return {
        assignmentId: e.data.assignmentId,
        assignedAt: at(e.data.assignedAt),
        ...(e.data.underUrgentAid ? {} : { status: 'assigned' }),
      };
    case 'legal_aid.matter.progress_noted.v1':
      return { lastStage: e.data.stage };
    case 'legal_aid.matter.closed.v1':
      return {
        status: 'closed',
        closedAt: at(e.data.closedAt),
        outcome: e.data.outcome,
        terminationGround: e.data.terminationGround,
        satisfaction: e.data.satisfaction,
      };
    default:
      return assertNever(e);
  }
}

/** What a command carries that its events do not: the lawyer's id, and every document supplied. */
function carried(s: ApplicationState, c: Command): ApplicationChange {
  if (c.kind === 'assign_lawyer') return { lawyerId: c.lawyerId };
  if (c.kind === 'supply_materials') return { documents: withDocuments(s, c.documents) };
  return {};
}

/** Events after which the lawyer's caseload goes down by one (the matter ended for them). */
const ENDS_MATTER = new Set<ApplicationEvent['type']>([
  'legal_aid.application.deemed_withdrawn.v1',
  'legal_aid.application.refused.v1',
  'legal_aid.matter.terminated.v1',
  'legal_aid.matter.closed.v1',
]);

/** The whole row change of a decided command (its events in order) and the lawyer it releases, if any. */
export function changeOf(
  s: ApplicationState,
  c: Command,
  events: readonly ApplicationEvent[],
): { change: ApplicationChange; releaseLawyer: string | null } {
  const change = events.reduce<ApplicationChange>((acc, e) => ({ ...acc, ...evolve(s, e) }), carried(s, c));
  const releaseLawyer = s.lawyerId && events.some((e) => ENDS_MATTER.has(e.type)) ? s.lawyerId : null;
  return { change, releaseLawyer };
}
