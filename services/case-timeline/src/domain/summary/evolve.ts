import { parseActor, type LinkageEvent } from '@linkage/contracts';
import { nextStage, STAGES, type Stage } from './stages.ts';

/** Where a case stands: for coordinators' open-case views, indicator breakdowns by street, and access. */
export interface CaseSummary {
  caseId: string;
  caseNumber: string | null;
  category: string | null;
  street: string | null;
  /** The unit that owns the case in intake (from case.opened): the timeline mirrors intake's access rule. */
  ownerDept: string | null;
  riskLevel: string | null;
  repeat: boolean;
  openedAt: Date | null;
  stage: string;
  departments: string[];
  lastEventAt: Date;
  closedAt: Date | null;
}

const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

/** The case's summary after an event (stage, departments involved, street). Idempotent and order-tolerant. */
export function evolveSummary(row: CaseSummary | undefined, e: LinkageEvent): CaseSummary {
  const at = new Date(e.time);
  const depts = new Set(row?.departments ?? []);
  const actor = parseActor(e.actor);
  if (actor.role !== 'system') depts.add(actor.dept);
  if ('assignedDept' in e.data && typeof e.data.assignedDept === 'string') depts.add(e.data.assignedDept);
  const stage = nextStage(row && isStage(row.stage) ? row.stage : null, e.type) ?? 'intake';
  const base: CaseSummary = row ?? {
    caseId: e.subject,
    caseNumber: null,
    category: null,
    street: null,
    ownerDept: null,
    riskLevel: null,
    repeat: false,
    openedAt: null,
    stage,
    departments: [],
    lastEventAt: at,
    closedAt: null,
  };
  const next: CaseSummary = {
    ...base,
    stage,
    departments: [...depts].sort(),
    lastEventAt: base.lastEventAt > at ? base.lastEventAt : at,
    closedAt: stage === 'closed' ? (row?.closedAt ?? at) : null,
  };
  if (e.type === 'intake.case.opened.v1') {
    const o = e.data;
    return {
      ...next,
      caseNumber: o.caseNumber,
      category: o.category,
      street: o.street,
      ownerDept: o.ownerDept ?? (actor.role !== 'system' ? actor.dept : null),
      riskLevel: o.riskLevel,
      repeat: o.repeat,
      openedAt: new Date(o.openedAt),
    };
  }
  // The case's street can change in intake (a corrected address): access follows the latest one.
  // (intake's events of one case are ordered on their partition: an update never precedes the opening)
  if (e.type === 'intake.case.updated.v1') return { ...next, street: e.data.street, category: e.data.category };
  return next;
}
