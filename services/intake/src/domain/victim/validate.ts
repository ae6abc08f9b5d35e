/**
 * Validation the schema cannot express: Chinese resident ID numbers (GB 11643-1999 checksum and
 * an embedded birth date that exists and is not in the future), birth years not in the future,
 * and the age band / protection flags derived from them. Pure: the clock is a parameter.
 */

import { beijingDate, beijingYear } from '@linkage/domain';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'checksum' | 'birth_date';

/** Check an 18-character resident ID number. Returns the problem, or its birth date when valid. */
export function checkResidentId(
  raw: string,
  now: Date,
): { ok: true; birth: Date } | { ok: false; problem: IdNumberProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return { ok: false, problem: 'checksum' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth > now
  ) {
    return { ok: false, problem: 'birth_date' };
  }
  return { ok: true, birth };
}

/** Make a valid ID number from its first 17 digits (tests and demo data). */
export function withCheckDigit(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return first17 + CHECK[sum % 11];
}

export type AgeBand = 'minor' | 'adult' | 'elderly' | 'unknown';
export const ageBandOf = (age: number | undefined): AgeBand =>
  age === undefined ? 'unknown' : age < 18 ? 'minor' : age >= 60 ? 'elderly' : 'adult';

export interface VictimFacts {
  age?: number | undefined;
  birthYear?: number | undefined;
  idNumber?: string | undefined;
  protection?:
    | {
        disabled?: boolean | undefined;
        pregnantOrBreastfeeding?: boolean | undefined;
        seriouslyIll?: boolean | undefined;
      }
    | undefined;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** What one person's identifying facts say, read once: the resident ID number is parsed here and nowhere else. */
export interface PersonReading {
  /** Problems with the facts, as Problem Details entries (empty when they are valid). */
  problems: FieldProblem[];
  /** The best age we know: stated age, else from birth year, else from a valid ID number. */
  age: number | undefined;
  /** The stated birth year, else the one in a valid ID number (for blind indexing). */
  birthYear: number | undefined;
}

const ID_PROBLEM: Record<IdNumberProblem, string> = {
  format: 'must be 17 digits and a check digit (0-9 or X)',
  checksum: 'check digit is wrong',
  birth_date: 'contains an impossible or future birth date',
};

/** Read a person's facts (the victim's, or another person's under `path`): their problems, age and birth year. */
export function readPerson(v: VictimFacts, now: Date, path = '/victim'): PersonReading {
  const id = v.idNumber === undefined ? undefined : checkResidentId(v.idNumber, now);
  const problems: FieldProblem[] = [];
  const year = beijingYear(now);
  if (v.birthYear !== undefined && v.birthYear > year)
    problems.push({ path: `${path}/birthYear`, message: 'must not be in the future' });
  if (v.birthYear !== undefined && v.age !== undefined && Math.abs(year - v.birthYear - v.age) > 1) {
    problems.push({ path: `${path}/age`, message: 'does not match birthYear' });
  }
  if (id && !id.ok) problems.push({ path: `${path}/idNumber`, message: ID_PROBLEM[id.problem] });
  else if (id?.ok && v.birthYear !== undefined && id.birth.getUTCFullYear() !== v.birthYear) {
    problems.push({ path: `${path}/birthYear`, message: 'does not match the ID number' });
  }
  return {
    problems,
    age: ageFrom(v, id?.ok ? id.birth : undefined, now),
    birthYear: v.birthYear ?? (id?.ok ? id.birth.getUTCFullYear() : undefined),
  };
}

/** The best age: stated, else from the birth year, else from the birth date of a valid ID number. */
function ageFrom(v: VictimFacts, birth: Date | undefined, now: Date): number | undefined {
  if (v.age !== undefined) return v.age;
  // ages and years are those of the calendar in Beijing, not UTC (00:30 on 1 Jan Beijing is the new year)
  const [y, m, d] = beijingDate(now).split('-').map(Number) as [number, number, number];
  if (v.birthYear !== undefined) return y - v.birthYear;
  if (!birth) return undefined;
  let age = y - birth.getUTCFullYear();
  if (m - 1 < birth.getUTCMonth() || (m - 1 === birth.getUTCMonth() && d < birth.getUTCDate())) age--;
  return age;
}

export interface ProtectionFlags {
  minor: boolean;
  elderly: boolean;
  disabled: boolean;
  pregnantOrBreastfeeding: boolean;
  seriouslyIll: boolean;
}

/** Special-protection flags (ADVL Art. 5): minor/elderly from the age (or as stated), the rest as stated. */
export function flagsOf(
  age: number | undefined,
  p: Partial<ProtectionFlags> = {},
): { ageBand: AgeBand; flags: ProtectionFlags } {
  const band = ageBandOf(age);
  return {
    ageBand: band,
    flags: {
      minor: band === 'minor' || p.minor === true,
      elderly: band === 'elderly' || p.elderly === true,
      disabled: p.disabled === true,
      pregnantOrBreastfeeding: p.pregnantOrBreastfeeding === true,
      seriouslyIll: p.seriouslyIll === true,
    },
  };
}
