import type { LegalAidEventType } from '@linkage/contracts';
import type { Emit } from '@linkage/domain';

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

/** What a decision needs to know about an application (the row without its encrypted fields). */
export interface ApplicationState {
  id: string;
  caseId: string | null;
  status: Status;
  matterType: string;
  street: string | null;
  documents: string[];
  receivedAt: Date;
  decideBy: Date;
  clockPausedAt: Date | null;
  materialsRequestedAt: Date | null;
  missingRequested: string[] | null;
  supplyBy: Date | null;
  meansOutcome: string | null;
  urgentAidStartedAt: Date | null;
  objectionFiledAt: Date | null;
  objectionAgainst: string | null;
  centreDept: string;
  applicantGender: string;
  terminationGround: string | null;
  lawyerId: string | null;
}

/** The columns a command changes (a partial application row; the application layer writes it). */
export type ApplicationChange = Partial<{
  status: Status;
  documents: string[];
  decideBy: Date;
  clockPausedAt: Date | null;
  materialsRequestedAt: Date;
  missingRequested: string[];
  supplyBy: Date;
  meansOutcome: string;
  meansBasis: string;
  meansLegalBasis: string;
  meansRecordedAt: Date;
  urgentAidGround: string;
  urgentAidStartedAt: Date;
  decidedAt: Date;
  approvedVia: string;
  refusalGround: string;
  assignBy: Date | null;
  objectionFiledAt: Date;
  objectionAgainst: string;
  reviewBy: Date;
  objectionOutcome: string;
  objectionReviewedAt: Date;
  lawyerId: string | null;
  assignmentId: string | null;
  assignedAt: Date | null;
  lastStage: string;
  closedAt: Date | null;
  outcome: string;
  terminationGround: string | null;
  satisfaction: number | null;
}>;

/** An event an application emits. */
export type ApplicationEvent = Extract<Emit, { type: LegalAidEventType }>;
