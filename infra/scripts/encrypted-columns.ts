// Where each service keeps encrypted values and blind indexes, and the associated data (AAD) each value was
// encrypted with: what `npm run reencrypt` needs to rewrite them with a new key. The columns are the services'
// own (their drizzle schemas, services/*/src/db/schema.ts, and the shared tables of packages/db and service-kit);
// infra/scripts/encrypted-columns.unit.test.ts fails when a schema gains an `_enc` column this file does not know.
import type { BlindIndexTable, EncryptedTable, ServiceCrypto } from '../../packages/service-kit/src/reencrypt.ts';
import { blindIndexes as intakeIndexesOf } from '../../services/intake/src/domain/duplicates/match.ts';
import { readPerson } from '../../services/intake/src/domain/victim/validate.ts';

type Row = Record<string, unknown>;
const s = (row: Row, col: string): string => String(row[col]);
const byId = (row: Row) => s(row, 'id');
const rowId = (table: string, ...columns: string[]): EncryptedTable => ({
  table,
  key: ['id'],
  values: columns.map((column) => ({ column, aad: byId })),
});

/** Shared by every service with a database: replayed responses (packages/db), reasons for a reassignment. */
const SHARED: EncryptedTable[] = [
  {
    table: 'idempotency_keys',
    key: ['caller_sub', 'caller_dept', 'route', 'key'],
    values: [
      {
        column: 'body_enc',
        aad: (r) => `idempotency#${s(r, 'caller_sub')}#${s(r, 'caller_dept')}#${s(r, 'route')}#${s(r, 'key')}`,
      },
    ],
    optional: true,
  },
  { ...rowId('assignment_log', 'reason_enc'), optional: true },
];

/** A reason's words in an audit row's details (intake and legal-aid: bound to the entity and the action). */
const AUDIT_REASON: EncryptedTable = {
  table: 'audit_log',
  key: ['id'],
  uses: ['entity_id', 'action'],
  values: [
    { column: 'details', jsonField: 'reasonTextEnc', aad: (r) => `${s(r, 'entity_id')}#audit:${s(r, 'action')}` },
  ],
  optional: true,
};

const INTAKE_SECTIONS = ['caller', 'victim', 'perpetrator', 'incident', 'wishes', 'narrative', 'requests'] as const;

/** Intake's duplicate-detection indexes, recomputed from the victim section as intake computes them. */
const INTAKE_BLIND: BlindIndexTable = {
  table: 'blind_indexes',
  valueColumn: 'value',
  ownerColumn: 'case_id',
  async recompute(tx, caseIds, cipher, indexer) {
    const cases = await tx<{ id: string; victim_enc: string | null; opened_at: Date }[]>`
      select id::text, victim_enc, opened_at from cases where id::text = any(${caseIds}) for update`;
    const rows: Row[] = [];
    for (const c of cases) {
      if (!c.victim_enc) continue;
      const v = JSON.parse(cipher.decrypt(c.victim_enc, `${c.id}#victim`)) as Parameters<typeof readPerson>[0] & {
        name?: string;
        phone?: string;
        street?: string | null;
      };
      const { birthYear } = readPerson(v, new Date(c.opened_at));
      const facts = { name: v.name, phone: v.phone, idNumber: v.idNumber, birthYear, street: v.street };
      for (const i of intakeIndexesOf(facts, (purpose, value) => indexer.index(purpose, value)))
        rows.push({ kind: i.key, value: i.value, case_id: c.id });
    }
    return rows;
  },
};

export const ENCRYPTED: Record<string, ServiceCrypto> = {
  intake: {
    tables: [
      {
        table: 'cases',
        key: ['id'],
        values: INTAKE_SECTIONS.map((section) => ({
          column: `${section}_enc`,
          aad: (r: Row) => `${s(r, 'id')}#${section}`,
        })),
      },
      {
        table: 'risk_assessments',
        key: ['id'],
        values: [{ column: 'judgement_reason_enc', aad: (r) => `${byId(r)}#judgement` }],
      },
      { table: 'notes', key: ['id'], values: [{ column: 'body_enc', aad: (r) => `${byId(r)}#note` }] },
      {
        table: 'mandatory_reports',
        key: ['id'],
        values: [{ column: 'reporter_enc', aad: (r) => `${byId(r)}#reporter` }],
      },
      AUDIT_REASON,
      ...SHARED,
    ],
    blindIndexes: [INTAKE_BLIND],
  },
  'dv-referral': {
    tables: [
      rowId('referrals', 'contact_enc', 'note_enc', 'reason_enc'),
      rowId('callouts', 'notes_enc'),
      rowId('warning_letters', 'content_enc'),
      rowId('protection_orders', 'details_enc'),
      rowId('placements', 'person_enc'),
      rowId('injury_assessments', 'findings_enc'),
      rowId('counselling_sessions', 'notes_enc'),
      rowId('followups', 'notes_enc'),
      ...SHARED,
    ],
  },
  'legal-aid': {
    tables: [
      rowId(
        'applications',
        'applicant_enc',
        'summary_enc',
        'means_evidence_enc',
        'refusal_reasons_enc',
        'objection_enc',
        'objection_review_enc',
        'closure_report_enc',
      ),
      {
        table: 'progress_notes',
        key: ['id'],
        uses: ['application_id'],
        values: [{ column: 'text_enc', aad: (r) => `${s(r, 'application_id')}:${byId(r)}` }],
      },
      AUDIT_REASON,
      ...SHARED,
    ],
  },
  'elder-care': {
    tables: [
      rowId('clients', 'person_enc'),
      rowId('safeguarding_flags', 'wishes_enc', 'override_reason_enc'),
      ...SHARED,
    ],
  },
  'case-timeline': { tables: [...SHARED] },
};
