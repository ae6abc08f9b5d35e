/**
 * The checks the request schema cannot make (ID checksums, ages, future dates), made once per request:
 * each person's facts are read once (the resident ID number parsed once), and what routing and the
 * events need from the victim section is derived from that same reading.
 */
import type { ConsentState, Need } from '@linkage/contracts';
import { ValidationError } from '@linkage/domain';
import type { IdentifyingFacts } from '../duplicates/match.ts';
import { flagsOf, readPerson, type FieldProblem } from '../victim/validate.ts';
import { reportGroundError, type CapacityGround } from './mandatory.ts';
import type { OpenCaseBody, RiskAnswers, UpdateCaseBody, Victim } from './schemas.ts';
import { mergeConsent, noConsent, type CaseSection, type Channel, type VictimProfile } from './state.ts';

/** A validated victim section: what routing and the events use, and what its blind indexes are made of. */
export interface VictimInput {
  profile: VictimProfile;
  identity: IdentifyingFacts;
}

/** A validated opening: the command's facts, before the case has an id, a number or a duplicate check. */
export interface OpenInput {
  channel: Channel;
  category: OpenCaseBody['category'];
  needs: Need[];
  consent: ConsentState;
  risk: RiskAnswers | undefined;
  victim: VictimProfile;
  identity: IdentifyingFacts;
}

/** A validated update: which sections change, and the victim's facts re-derived when her section is replaced. */
export interface UpdateInput {
  changed: CaseSection[];
  category: UpdateCaseBody['category'];
  needs: Need[] | undefined;
  victim: VictimInput | undefined;
}

/** Nothing known about the victim: no street, unknown age, no flags. */
export const UNKNOWN_VICTIM: VictimProfile = { street: null, sex: 'unknown', ...flagsOf(undefined) };

const SECTIONS = ['category', 'caller', 'victim', 'perpetrator', 'incident', 'needs', 'narrative'] as const;

/**
 * Read the people and the incident date of a request once. A mandatory report's ground is checked
 * against the victim's age first (`ground`). Every problem is named, or the victim's facts returned.
 */
export function readPeople(
  body: Pick<OpenCaseBody, 'victim' | 'perpetrator' | 'incident'>,
  now: Date,
  ground?: CapacityGround,
): { victim: VictimInput | undefined } | ValidationError {
  const reading = body.victim ? readPerson(body.victim, now) : undefined;
  if (ground) {
    const refused = reportGroundError(ground, reading?.age);
    if (refused) return refused;
  }
  const problems: FieldProblem[] = [
    ...(reading?.problems ?? []),
    ...(body.perpetrator ? readPerson(body.perpetrator, now, '/perpetrator').problems : []),
  ];
  if (body.incident?.occurredAt && Date.parse(body.incident.occurredAt) > now.getTime()) {
    problems.push({ path: '/incident/occurredAt', message: 'must not be in the future' });
  }
  if (problems.length > 0)
    return new ValidationError('invalid_person_data', 'Some personal details are not valid.', problems);
  if (!body.victim || !reading) return { victim: undefined };
  return { victim: victimInput(body.victim, reading.age, reading.birthYear) };
}

function victimInput(v: Victim, age: number | undefined, birthYear: number | undefined): VictimInput {
  return {
    profile: { street: v.street ?? null, sex: v.sex ?? 'unknown', ...flagsOf(age, v.protection) },
    identity: { name: v.name, phone: v.phone, idNumber: v.idNumber, birthYear, street: v.street },
  };
}

/** Validate an opening (a mandatory report's case with its ground). */
export function openInput(body: OpenCaseBody, now: Date, ground?: CapacityGround): OpenInput | ValidationError {
  const people = readPeople(body, now, ground);
  if (people instanceof ValidationError) return people;
  return {
    channel: body.channel,
    category: body.category,
    needs: body.needs,
    consent: mergeConsent(noConsent(), body.consent),
    risk: body.risk,
    victim: people.victim?.profile ?? UNKNOWN_VICTIM,
    identity: people.victim?.identity ?? {},
  };
}

/** Validate an update. */
export function updateInput(body: UpdateCaseBody, now: Date): UpdateInput | ValidationError {
  const people = readPeople(body, now);
  if (people instanceof ValidationError) return people;
  return {
    changed: SECTIONS.filter((k) => body[k] !== undefined),
    category: body.category,
    needs: body.needs,
    victim: people.victim,
  };
}
