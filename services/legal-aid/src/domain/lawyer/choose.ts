import { ConflictError, NotFoundError } from '@linkage/domain';

export interface Candidate {
  id: string;
  gender: string;
  practiceAreas: string[];
  activeCases: number;
  maxCases: number;
  active: boolean;
}

export interface AssignmentNeed {
  matterType: string;
  /** Lawyers who act for the opposing party in the same case (declared conflicts of interest). */
  conflicts: ReadonlySet<string>;
  femaleLawyerRequested: boolean;
  /** The officer's choice; when absent the least-loaded suitable lawyer is chosen. */
  lawyerId?: string | undefined;
}

export interface Choice {
  lawyer: Candidate;
  /** When a female lawyer was asked for: whether one was assigned (plan 二(七)11). */
  femalePreferenceMet: boolean | null;
}

const load = (l: Candidate) => l.activeCases / l.maxCases;

/**
 * Choose a lawyer for a matter: never one with a conflict of interest (the opposing party's lawyer
 * in the same case), inactive, at capacity or outside the matter's practice area; female lawyers first
 * when the applicant asks; then the lightest caseload.
 */
export function chooseLawyer(candidates: readonly Candidate[], need: AssignmentNeed): Choice {
  const femaleMet = (l: Candidate) => (need.femaleLawyerRequested ? l.gender === 'female' : null);
  if (need.lawyerId) {
    const l = candidates.find((c) => c.id === need.lawyerId);
    if (!l) throw new NotFoundError('The lawyer');
    if (need.conflicts.has(l.id))
      throw new ConflictError(
        'conflict_of_interest',
        'This lawyer acts for the opposing party in the same case and cannot be assigned.',
      );
    if (!l.active) throw new ConflictError('lawyer_inactive', 'This lawyer is not taking legal aid assignments.');
    if (!l.practiceAreas.includes(need.matterType))
      throw new ConflictError('outside_practice_area', "This matter is outside the lawyer's practice areas.");
    if (l.activeCases >= l.maxCases)
      throw new ConflictError('lawyer_at_capacity', 'This lawyer has reached their caseload limit.');
    return { lawyer: l, femalePreferenceMet: femaleMet(l) };
  }
  const suitable = candidates.filter(
    (l) =>
      l.active && !need.conflicts.has(l.id) && l.practiceAreas.includes(need.matterType) && l.activeCases < l.maxCases,
  );
  if (suitable.length === 0)
    throw new ConflictError(
      'no_lawyer_available',
      'No lawyer without a conflict of interest and with spare caseload practises in this area.',
    );
  const women = suitable.filter((l) => l.gender === 'female');
  const pool = need.femaleLawyerRequested && women.length > 0 ? women : suitable;
  const [best] = [...pool].sort(
    (a, b) => load(a) - load(b) || a.activeCases - b.activeCases || a.id.localeCompare(b.id),
  );
  return { lawyer: best!, femalePreferenceMet: femaleMet(best!) };
}

/** A conflict of interest is declared before assignment: an assigned lawyer's assignment must end first. */
export const conflictRefusal = (assignedLawyerId: string | null, lawyerId: string): ConflictError | null =>
  assignedLawyerId === lawyerId
    ? new ConflictError('conflict_with_assigned_lawyer', 'This lawyer is already assigned; end the assignment first.')
    : null;
