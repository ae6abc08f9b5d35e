import { topicOf, type EventOf, type EventType, type LinkageEvent } from '@linkage/contracts';

/**
 * The case's status summary, kept from other services' events (read-only projection: intake
 * never calls them). One row per thing another department works on (`ref`), last state wins.
 */
export interface StatusEntry {
  caseId: string;
  /** Stable per case: `<service>.<entity>:<id>`, e.g. `dv.referral:<referralId>`. */
  ref: string;
  service: 'dv' | 'legal_aid' | 'elder_care';
  /** The receiving department (category, e.g. police) and its code (e.g. police:xinqi), when known. */
  department: string | null;
  assignedDept: string | null;
  status: string;
  /** The clock the department is now on (e.g. acceptBy), if any. */
  dueAt: string | null;
  at: string;
}

type Projection<T extends EventType> = (e: EventOf<T>) => StatusEntry;

/**
 * Handler table: event type → status entry. To follow another team's event, add one line here
 * (the consumer subscribes to its topic automatically).
 */
export const STATUS_PROJECTIONS: { [T in EventType]?: Projection<T> } = {
  'dv.referral.created.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `dv.referral:${e.data.referralId}`,
    service: 'dv',
    department: e.data.department,
    assignedDept: e.data.assignedDept,
    status: 'requested',
    dueAt: e.data.acceptBy,
    at: e.data.createdAt,
  }),
};

export const projectedTypes = (): EventType[] => Object.keys(STATUS_PROJECTIONS) as EventType[];
export const projectedTopics = (): string[] => [...new Set(projectedTypes().map((t) => topicOf(t)))];

export function projectStatus(e: LinkageEvent): StatusEntry | undefined {
  const p = STATUS_PROJECTIONS[e.type] as ((e: LinkageEvent) => StatusEntry) | undefined;
  return p?.(e);
}
