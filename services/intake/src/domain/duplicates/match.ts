/**
 * Repeat and duplicate detection without decrypting rows: each case stores keyed blind indexes
 * (HMAC of normalised values); a new case looks up equal indexes. Pure apart from the injected HMAC.
 */

export type MatchKey = 'phone' | 'id_number' | 'name_birth_street';

export interface IdentifyingFacts {
  name?: string | undefined;
  phone?: string | undefined;
  idNumber?: string | undefined;
  birthYear?: number | undefined;
  street?: string | null | undefined;
}

/** Mainland numbers: digits only, without +86/0086. */
export function normalisePhone(raw: string): string {
  let d = raw.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length === 13) d = d.slice(2);
  return d;
}

export const normaliseName = (raw: string): string => raw.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The normalised values to index, by key (a key is absent when its facts are missing). */
export function matchValues(f: IdentifyingFacts): { key: MatchKey; value: string }[] {
  const out: { key: MatchKey; value: string }[] = [];
  if (f.phone) {
    const p = normalisePhone(f.phone);
    if (p.length >= 5) out.push({ key: 'phone', value: p });
  }
  if (f.idNumber) out.push({ key: 'id_number', value: f.idNumber.trim().toUpperCase() });
  if (f.name && f.birthYear !== undefined && f.street)
    out.push({ key: 'name_birth_street', value: `${normaliseName(f.name)}|${f.birthYear}|${f.street}` });
  return out;
}

/** The blind-index purpose of a match key (the HMAC is scoped by it). */
export const purposeOf = (key: MatchKey): string => `victim.${key}`;

/** Blind indexes for a person's facts, given a keyed hash (service-kit `blindIndex` bound to the key). */
export function blindIndexes(
  f: IdentifyingFacts,
  hash: (purpose: string, value: string) => string,
): { key: MatchKey; value: string }[] {
  return matchValues(f).map((m) => ({ key: m.key, value: hash(purposeOf(m.key), m.value) }));
}

/**
 * A person's blind indexes as stored (`value`, under the current key) and as looked up (`candidates`: the value
 * under every configured key, with and without its key id, so rows written before a key rotation still match).
 */
export interface VictimIndex {
  key: MatchKey;
  value: string;
  candidates: string[];
}

export function victimIndexes(
  f: IdentifyingFacts,
  indexer: { index(purpose: string, value: string): string; candidates(purpose: string, value: string): string[] },
): VictimIndex[] {
  return matchValues(f).map((m) => ({
    key: m.key,
    value: indexer.index(purposeOf(m.key), m.value),
    candidates: indexer.candidates(purposeOf(m.key), m.value),
  }));
}

export interface IndexHit {
  caseId: string;
  caseNumber: string;
  openedAt: Date;
  key: MatchKey;
}

export interface DuplicateCandidate {
  caseId: string;
  caseNumber: string;
  openedAt: Date;
  matchedOn: MatchKey[];
  withinRepeatWindow: boolean;
}

export const REPEAT_WINDOW_MONTHS = 12;

export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Group index hits by case; a case within 12 months of `now` makes the new case a repeat. */
export function classifyHits(
  hits: readonly IndexHit[],
  now: Date,
): { candidates: DuplicateCandidate[]; repeat: boolean } {
  const since = monthsBefore(now, REPEAT_WINDOW_MONTHS);
  const byCase = new Map<string, DuplicateCandidate>();
  for (const h of hits) {
    const c = byCase.get(h.caseId) ?? {
      caseId: h.caseId,
      caseNumber: h.caseNumber,
      openedAt: h.openedAt,
      matchedOn: [],
      withinRepeatWindow: h.openedAt >= since,
    };
    if (!c.matchedOn.includes(h.key)) c.matchedOn.push(h.key);
    byCase.set(h.caseId, c);
  }
  const candidates = [...byCase.values()].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
  return { candidates, repeat: candidates.some((c) => c.withinRepeatWindow) };
}
