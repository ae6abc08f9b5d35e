import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allEventSchemas, checkAgainstSnapshot, incompatibleChanges } from '../src/asyncapi.ts';

type Json = Record<string, unknown>;
const SNAPSHOT_FILE = new URL('./event-schemas.snapshot.json', import.meta.url);
const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Record<string, Json>;
const current = allEventSchemas();

describe('event schemas stay compatible (contract test against the recorded snapshot)', () => {
  it('no recorded type changed incompatibly or disappeared — an incompatible change needs a new .vN type', () => {
    const check = checkAgainstSnapshot(snapshot, current);
    const problems = [
      ...check.incompatible.map((i) => `${i.type} ${i.path}: ${i.change}`),
      ...check.removedTypes.map(
        (t) => `${t}: removed (consumers and replays still read it; keep it until no consumer does)`,
      ),
    ];
    expect(
      problems,
      'incompatible event schema changes — publish a new .vN type alongside the old one instead',
    ).toEqual([]);
  });

  it('the snapshot records every type as it is now (npm run events:snapshot records new types and compatible changes)', () => {
    const check = checkAgainstSnapshot(snapshot, current);
    expect(
      { unrecorded: check.unrecordedTypes, changedCompatibly: check.compatiblyChanged },
      'run `npm run events:snapshot` and commit the snapshot',
    ).toEqual({ unrecorded: [], changedCompatibly: [] });
  });
});

// The rules, on copies of a real schema (a type whose data has enums, a nullable union and a nested object).
const TYPE = 'intake.referral.requested.v1';
const base = () =>
  structuredClone(current[TYPE]!) as Json & {
    properties: { data: { properties: Record<string, Json>; required: string[] } };
  };
const changes = (after: Json) => incompatibleChanges(TYPE, current[TYPE]!, after).map((c) => `${c.path}: ${c.change}`);

describe('what counts as an incompatible change', () => {
  it('an unchanged schema, a new optional field and changed descriptions are compatible', () => {
    expect(changes(base())).toEqual([]);
    const s = base();
    s.properties.data.properties.note = { type: 'string', maxLength: 100 };
    s.properties.data.properties.riskLevel!.description = 'the level the checklist scored';
    expect(changes(s)).toEqual([]);
  });

  it('a removed field (required or optional) is incompatible', () => {
    const s = base();
    delete s.properties.data.properties.riskLevel;
    s.properties.data.required = s.properties.data.required.filter((f) => f !== 'riskLevel');
    expect(changes(s)).toEqual(["/data: field 'riskLevel' removed"]);
    const t = base();
    delete t.properties.data.properties.departmentConsent;
    expect(changes(t)).toEqual(["/data: field 'departmentConsent' removed"]);
  });

  it('a new required field, or an optional field made required, is incompatible; required made optional too', () => {
    const s = base();
    s.properties.data.properties.priority = { type: 'integer' };
    s.properties.data.required.push('priority');
    expect(changes(s)).toEqual([expect.stringContaining("/data: new required field 'priority'")]);
    const t = base();
    t.properties.data.required.push('departmentConsent');
    expect(changes(t)).toEqual(["/data: field 'departmentConsent' made required"]);
    const u = base();
    u.properties.data.required = u.properties.data.required.filter((f) => f !== 'street');
    expect(changes(u)).toEqual(["/data: field 'street' made optional (consumers rely on it)"]);
  });

  it('a narrowed enum is incompatible; a widened one is allowed but must be re-recorded', () => {
    const s = base();
    const risk = s.properties.data.properties.riskLevel as { anyOf: Json[] };
    risk.anyOf = risk.anyOf.filter((b) => b.const !== 'medium');
    expect(changes(s)).toEqual(['/data/riskLevel: narrowed: value(s) "medium" no longer allowed']);
    const t = base();
    (t.properties.data.properties.riskLevel as { anyOf: Json[] }).anyOf.push({ const: 'extreme', type: 'string' });
    expect(changes(t)).toEqual([]);
    const check = checkAgainstSnapshot({ [TYPE]: current[TYPE]! }, { [TYPE]: t });
    expect(check.incompatible).toEqual([]);
    expect(check.widened.map((w) => `${w.path}: ${w.change}`)).toEqual([
      '/data/riskLevel: widened: value(s) "extreme" added',
    ]);
    expect(check.compatiblyChanged).toEqual([TYPE]);
  });

  it('a changed type, pattern, bound or format is incompatible, inside arrays, nested objects and nullable unions too', () => {
    const s = base();
    s.properties.data.properties.caseNumber = { type: 'integer' };
    expect(changes(s).sort()).toEqual([
      '/data/caseNumber: \'pattern\' changed from "^BL-\\\\d{4}-\\\\d{6}$" to (none)',
      '/data/caseNumber: \'type\' changed from "string" to "integer"',
    ]);
    const t = base();
    (t.properties.data.properties.needs as { maxItems: number }).maxItems = 3;
    expect(changes(t)).toEqual(["/data/needs: 'maxItems' changed from 10 to 3"]);
    const u = base();
    (u.properties.data.properties.flags as { properties: Record<string, Json> }).properties.minor = { type: 'string' };
    expect(changes(u)).toEqual(['/data/flags/minor: \'type\' changed from "boolean" to "string"']);
    const v = base();
    const consent = v.properties.data.properties.departmentConsent as { properties: Record<string, Json> };
    consent.properties.court = { type: 'boolean' }; // was boolean | null
    expect(changes(v)).toEqual([
      expect.stringMatching(/^\/data\/departmentConsent\/court: narrowed: no longer accepts .*null/),
    ]);
    const w = base();
    (w.properties.data.properties.street as { anyOf: Json[] }).anyOf.pop(); // drop the null branch
    expect(changes(w)).toEqual([expect.stringMatching(/^\/data\/street: narrowed/)]);
  });

  it('the check against the snapshot fails on such a change and names the type', () => {
    const s = base();
    delete s.properties.data.properties.victimAgeBand;
    const check = checkAgainstSnapshot(snapshot, { ...current, [TYPE]: s });
    expect(check.incompatible.map((i) => `${i.type} ${i.path}: ${i.change}`)).toContain(
      `${TYPE} /data: field 'victimAgeBand' removed`,
    );
    const { [TYPE]: _gone, ...rest } = current;
    expect(checkAgainstSnapshot(snapshot, rest).removedTypes).toEqual([TYPE]);
  });
});
