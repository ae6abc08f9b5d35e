import { Type } from '@sinclair/typebox';
import { SEVERITIES } from '../domain/clocks/rule.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import { ATTENTION_STATES, CLOCK_STATES } from '../domain/clocks/state.ts';

// Route schemas built from the domain's own lists, so a state, severity or rule the engine knows is
// always one the routes accept and answer with (issue 14: a paused clock once crashed the timeline).

const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const ClockStateSchema = literals(CLOCK_STATES);
export const AttentionStateSchema = literals(ATTENTION_STATES);
export const SeveritySchema = literals(SEVERITIES);
export const RuleIdSchema = literals(CLOCK_RULES.map((r) => r.id));
