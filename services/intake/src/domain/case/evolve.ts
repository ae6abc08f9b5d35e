import { NotFoundError, type Emit } from '@linkage/domain';
import type { CaseCommand } from './decide.ts';
import type { CaseState } from './state.ts';

/**
 * The case after a decided command: what the command itself sets (a new case; the version, once per
 * command; the victim's age band, which no event carries), then each decided event folded in.
 */
export function evolve(state: CaseState | undefined, cmd: CaseCommand, emits: readonly Emit[]): CaseState {
  return emits.reduce(apply, start(state, cmd));
}

function start(state: CaseState | undefined, cmd: CaseCommand): CaseState {
  if (cmd.kind === 'open')
    return {
      id: cmd.caseId,
      caseNumber: cmd.caseNumber,
      status: 'open',
      version: 1,
      channel: cmd.channel,
      category: cmd.category,
      street: cmd.victim.street,
      riskLevel: 'standard',
      repeat: cmd.repeat,
      ageBand: cmd.victim.ageBand,
      flags: cmd.victim.flags,
      needs: cmd.needs,
      consent: cmd.consent,
      overrides: [],
      requested: [...(cmd.requested ?? [])],
    };
  if (!state) throw new NotFoundError('The case');
  const next = { ...state, version: state.version + 1 };
  return cmd.kind === 'update' && cmd.victim ? { ...next, ageBand: cmd.victim.ageBand } : next;
}

function apply(s: CaseState, e: Emit): CaseState {
  switch (e.type) {
    case 'intake.case.opened.v1':
      return { ...s, riskLevel: e.data.riskLevel };
    case 'intake.case.updated.v1':
      return { ...s, category: e.data.category, street: e.data.street, flags: e.data.flags, needs: e.data.needs };
    case 'intake.risk.assessed.v1':
      return { ...s, riskLevel: e.data.level };
    case 'intake.consent.recorded.v1':
      return { ...s, consent: e.data.consent };
    case 'intake.consent.overridden.v1':
      return { ...s, overrides: [...s.overrides, e.data.department] };
    case 'intake.case.closed.v1':
      return { ...s, status: 'closed' };
    case 'intake.case.reopened.v1':
      return { ...s, status: 'open' };
    case 'intake.referral.requested.v1':
      return { ...s, requested: [...s.requested, e.data.target] };
    default:
      // linked, note added, report received: nothing the case's state holds
      return s;
  }
}
