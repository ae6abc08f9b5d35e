/**
 * Validation the schema cannot express: Chinese resident ID numbers (GB 11643-1999 checksum and
 * an embedded birth date that exists and is not in the future), birth years not in the future,
 * and the age band / protection flags derived from them. Pure: the clock is a parameter.
 */

import { beijingYear, beijingDate } from '@linkage/service-kit';

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

/** Problems with the victim's (or another person's) identifying facts, as Problem Details entries. */
export function victimProblems(v: VictimFacts, now: Date, path = '/victim'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const year = beijingYear(now);
  if (v.birthYear !== undefined && v.birthYear > year)
    problems.push({ path: `${path}/birthYear`, message: 'must not be in the future' });
  if (v.birthYear !== undefined && v.age !== undefined && Math.abs(year - v.birthYear - v.age) > 1) {
    problems.push({ path: `${path}/age`, message: 'does not match birthYear' });
  }
  if (v.idNumber !== undefined) {
    const r = checkResidentId(v.idNumber, now);
    if (!r.ok) {
      const msg = {
        format: 'must be 17 digits and a check digit (0-9 or X)',
        checksum: 'check digit is wrong',
        birth_date: 'contains an impossible or future birth date',
      }[r.problem];
      problems.push({ path: `${path}/idNumber`, message: msg });
    } else if (v.birthYear !== undefined && r.birth.getUTCFullYear() !== v.birthYear) {
      problems.push({ path: `${path}/birthYear`, message: 'does not match the ID number' });
    }
  }
  return problems;
}

/** The best age we know: stated age, else from birth year, else from the ID number. */
export function ageOf(v: VictimFacts, now: Date): number | undefined {
  if (v.age !== undefined) return v.age;
  // ages and years are those of the calendar in Beijing, not UTC (00:30 on 1 Jan Beijing is the new year)
  const [y, m, d] = beijingDate(now).split('-').map(Number) as [number, number, number];
  if (v.birthYear !== undefined) return y - v.birthYear;
  if (v.idNumber !== undefined) {
    const r = checkResidentId(v.idNumber, now);
    if (r.ok) {
      const b = r.birth;
      let age = y - b.getUTCFullYear();
      if (m - 1 < b.getUTCMonth() || (m - 1 === b.getUTCMonth() && d < b.getUTCDate())) age--;
      return age;
    }
  }
  return undefined;
}

export interface ProtectionFlags {
  minor: boolean;
  elderly: boolean;
  disabled: boolean;
  pregnantOrBreastfeeding: boolean;
  seriouslyIll: boolean;
}

/** Special-protection flags (ADVL Art. 5): minor/elderly from age (or stated), the rest as stated. */
export function protectionFlags(
  v: VictimFacts & { protection?: Partial<ProtectionFlags> | undefined },
  now: Date,
): { ageBand: AgeBand; flags: ProtectionFlags } {
  const band = ageBandOf(ageOf(v, now));
  const p = v.protection ?? {};
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
