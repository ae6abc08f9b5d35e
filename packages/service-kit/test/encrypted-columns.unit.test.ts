import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as shared from '@linkage/db';
import * as intake from '../../../services/intake/src/db/schema.ts';
import * as dvReferral from '../../../services/dv-referral/src/db/schema.ts';
import * as legalAid from '../../../services/legal-aid/src/db/schema.ts';
import * as elderCare from '../../../services/elder-care/src/db/schema.ts';
import * as caseTimeline from '../../../services/case-timeline/src/db/schema.ts';
import { assignmentLog } from '../src/assignment.ts';
import { ENCRYPTED } from '../../../infra/scripts/encrypted-columns.ts';

const SCHEMAS: Record<string, Record<string, unknown>> = {
  intake,
  'dv-referral': dvReferral,
  'legal-aid': legalAid,
  'elder-care': elderCare,
  'case-timeline': caseTimeline,
};

/** `table.column` of every `*_enc` column in these drizzle modules. */
function encColumns(...modules: Record<string, unknown>[]): Set<string> {
  const out = new Set<string>();
  for (const m of modules)
    for (const t of Object.values(m))
      if (is(t, PgTable)) {
        const { name, columns } = getTableConfig(t);
        for (const c of columns) if (c.name.endsWith('_enc')) out.add(`${name}.${c.name}`);
      }
  return out;
}

describe('the re-encryption registry (infra/scripts/encrypted-columns.ts)', () => {
  it.each(Object.keys(SCHEMAS))('knows every encrypted column of %s, and only real ones', (svc) => {
    const known = new Set(
      ENCRYPTED[svc]!.tables.flatMap((t) => t.values.filter((v) => !v.jsonField).map((v) => `${t.table}.${v.column}`)),
    );
    const inSchema = encColumns(SCHEMAS[svc]!, shared as Record<string, unknown>, { assignmentLog });
    // the shared tables are listed for every service (skipped where a database lacks them)
    expect([...inSchema].filter((c) => !known.has(c))).toEqual([]);
    expect([...known].filter((c) => !inSchema.has(c))).toEqual([]);
  });
});
