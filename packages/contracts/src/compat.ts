// Schema compatibility of an event type between a recorded snapshot and today's registry.
//
// Consumers validate every event they read (packages/messaging → parseConsumed): unknown fields
// are tolerated, everything else is checked. So for a type `x.v1`:
//   - a new OPTIONAL field is compatible: old consumers ignore it, old events (without it) still
//     validate, and a replay of the topic still reads;
//   - a widened enum or union (a new allowed value) is accepted: events on the topic still validate.
//     Caveat: consumers check values, so during a rolling deploy a consumer still on the old
//     contracts dead-letters the new value; re-drive it (`npm run dlq`) once the rollout is done;
//   - anything else that changes what validates is not: a removed field (consumers read it), a new
//     required field or a field made required (events already on the topic lack it), a field made
//     optional (consumers rely on it), a narrowed type or enum (events on the topic no longer
//     validate), a changed type, pattern, format or bound.
// Such a change ships as a new `.vN` type, published alongside the old one until consumers move.
// Descriptions and other annotations may change freely.

type Json = Record<string, unknown>;

export interface Incompatibility {
  type: string;
  /** JSON pointer inside the event (e.g. `/data/riskLevel`). */
  path: string;
  change: string;
}
interface Finding extends Incompatibility {
  breaking: boolean;
}

const ANNOTATIONS = new Set([
  'description',
  'title',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$id',
]);
/**
 * Consumers are lenient about unknown properties (registry.ts `lenient`), producers strict: not part of compatibility.
 */
const IGNORED = new Set([...ANNOTATIONS, 'additionalProperties']);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A canonical JSON of a schema without annotations, to compare union branches as values. */
export function canonicalSchema(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalSchema).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .filter((k) => !IGNORED.has(k))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalSchema(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The literal values of an enum-like schema (`const`, `enum`, or a union of consts), else null. */
function literals(s: Json): unknown[] | null {
  if ('const' in s) return [s.const];
  if (Array.isArray(s.enum)) return s.enum as unknown[];
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches) && branches.every((b) => isObj(b) && 'const' in b))
    return branches.map((b) => (b as Json).const);
  return null;
}

const show = (vs: unknown[]) => vs.map((v) => JSON.stringify(v)).join(', ');

function compare(type: string, path: string, before: Json, after: Json, out: Finding[]): void {
  const push = (change: string, breaking = true) => out.push({ type, path: path || '/', change, breaking });

  const lb = literals(before);
  const la = literals(after);
  if (lb && la) {
    const removed = lb.filter((v) => !la.some((w) => canonicalSchema(w) === canonicalSchema(v)));
    const added = la.filter((v) => !lb.some((w) => canonicalSchema(w) === canonicalSchema(v)));
    if (removed.length) push(`narrowed: value(s) ${show(removed)} no longer allowed`);
    if (added.length) push(`widened: value(s) ${show(added)} added`, false);
    return;
  }

  const ub = (before.anyOf ?? before.oneOf) as unknown[] | undefined;
  const ua = (after.anyOf ?? after.oneOf) as unknown[] | undefined;
  if (Array.isArray(ub) || Array.isArray(ua)) {
    const bs = (ub ?? [before]) as Json[];
    const as = (ua ?? [after]) as Json[];
    const onlyB = bs.filter((b) => !as.some((a) => canonicalSchema(a) === canonicalSchema(b)));
    const onlyA = as.filter((a) => !bs.some((b) => canonicalSchema(a) === canonicalSchema(b)));
    if (onlyB.length === 1 && onlyA.length === 1) {
      // One branch changed (e.g. the object of a nullable object): look inside it.
      compare(type, path, onlyB[0]!, onlyA[0]!, out);
    } else {
      if (onlyB.length) push(`narrowed: no longer accepts ${onlyB.map(canonicalSchema).join(' | ')}`);
      if (onlyA.length) push(`widened: now also accepts ${onlyA.map(canonicalSchema).join(' | ')}`, false);
    }
    return;
  }

  if (isObj(before.properties) || isObj(after.properties)) {
    const pb = (before.properties ?? {}) as Record<string, Json>;
    const pa = (after.properties ?? {}) as Record<string, Json>;
    const rb = new Set((before.required ?? []) as string[]);
    const ra = new Set((after.required ?? []) as string[]);
    for (const k of Object.keys(pb)) {
      if (!(k in pa)) push(`field '${k}' removed`);
    }
    for (const k of Object.keys(pa)) {
      if (!(k in pb)) {
        if (ra.has(k))
          push(
            `new required field '${k}' (events already published lack it; add it as optional or make a new .vN type)`,
          );
        continue;
      }
      if (rb.has(k) && !ra.has(k)) push(`field '${k}' made optional (consumers rely on it)`);
      if (!rb.has(k) && ra.has(k)) push(`field '${k}' made required`);
      compare(type, `${path}/${k}`, pb[k]!, pa[k]!, out);
    }
  }

  if (isObj(before.items) || isObj(after.items)) {
    compare(type, `${path}/items`, (before.items ?? {}) as Json, (after.items ?? {}) as Json, out);
  }

  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (IGNORED.has(k) || ['properties', 'required', 'items', 'anyOf', 'oneOf'].includes(k)) continue;
    if (canonicalSchema(before[k]) !== canonicalSchema(after[k])) {
      push(
        `'${k}' changed from ${before[k] === undefined ? '(none)' : JSON.stringify(before[k])} to ${after[k] === undefined ? '(none)' : JSON.stringify(after[k])}`,
      );
    }
  }
}

/** The incompatible changes of one type's schema (empty: compatible). */
export function incompatibleChanges(type: string, before: Json, after: Json): Incompatibility[] {
  return schemaChanges(type, before, after)
    .filter((f) => f.breaking)
    .map(({ type: t, path, change }) => ({ type: t, path, change }));
}

/** Every change that affects validation, breaking or not (widenings are not). */
export function schemaChanges(type: string, before: Json, after: Json): (Incompatibility & { breaking: boolean })[] {
  const out: Finding[] = [];
  compare(type, '', before, after, out);
  return out;
}

export interface SnapshotCheck {
  incompatible: Incompatibility[];
  /** Types in the snapshot that the registry no longer has. */
  removedTypes: string[];
  /** Types in the registry that the snapshot has not recorded yet. */
  unrecordedTypes: string[];
  /** Types whose schema changed compatibly (new optional fields, widened enums, annotations): re-record them. */
  compatiblyChanged: string[];
  /** The widenings among them (allowed; mind the rolling-deploy caveat above). */
  widened: Incompatibility[];
}

/** Compare the recorded snapshot with today's schemas, type by type. */
export function checkAgainstSnapshot(snapshot: Record<string, Json>, current: Record<string, Json>): SnapshotCheck {
  const result: SnapshotCheck = {
    incompatible: [],
    removedTypes: [],
    unrecordedTypes: [],
    compatiblyChanged: [],
    widened: [],
  };
  for (const [type, before] of Object.entries(snapshot)) {
    const after = current[type];
    if (!after) {
      result.removedTypes.push(type);
      continue;
    }
    const findings = schemaChanges(type, before, after);
    const breaking = findings.filter((f) => f.breaking).map(({ type: t, path, change }) => ({ type: t, path, change }));
    result.incompatible.push(...breaking);
    result.widened.push(
      ...findings.filter((f) => !f.breaking).map(({ type: t, path, change }) => ({ type: t, path, change })),
    );
    if (breaking.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) result.compatiblyChanged.push(type);
  }
  for (const type of Object.keys(current)) if (!(type in snapshot)) result.unrecordedTypes.push(type);
  return result;
}
