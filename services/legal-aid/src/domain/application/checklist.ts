import type { LegalAidDocument, LegalAidMatterType } from '@linkage/contracts';
import type { Static } from '@sinclair/typebox';
import type { MeansOutcome } from './means.ts';

export type DocumentCode = Static<typeof LegalAidDocument>;
export type MatterType = Static<typeof LegalAidMatterType>;

const BY_MATTER: Record<MatterType, DocumentCode[]> = {
  divorce: ['marriage_certificate', 'dispute_evidence'],
  maintenance: ['kinship_proof', 'dispute_evidence'],
  property_division: ['property_evidence'],
  dv_protection_order: ['dv_evidence'],
  employment_discrimination: ['employment_proof'],
  personal_injury: ['injury_evidence'],
  criminal_victim: ['criminal_case_documents'],
  other: ['dispute_evidence'],
};

/**
 * The documents an application needs: identity, the means-test proof that fits its outcome, and the matter's evidence.
 */
export function requiredDocuments(matter: MatterType, means: MeansOutcome | null): DocumentCode[] {
  const meansDoc: DocumentCode =
    means === 'exempt' ? 'victim_status_proof' : means === 'waived' ? 'waiver_status_proof' : 'hardship_statement';
  return ['id_document', meansDoc, ...BY_MATTER[matter]];
}

export function missingDocuments(
  matter: MatterType,
  means: MeansOutcome | null,
  provided: readonly string[],
): DocumentCode[] {
  const have = new Set(provided);
  return requiredDocuments(matter, means).filter((d) => !have.has(d));
}
