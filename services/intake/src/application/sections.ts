import type { FastifyInstance } from 'fastify';
import { AuthError } from '@linkage/domain';
import { victimIndexes, type IdentifyingFacts } from '../domain/duplicates/match.ts';

/** The personal sections of a case, each encrypted with its case and section as associated data. */
export type Section = 'caller' | 'victim' | 'perpetrator' | 'incident' | 'wishes' | 'narrative' | 'requests';
const aad = (caseId: string, section: Section) => `${caseId}#${section}`;

/** Encrypt a section (JSON unless a string); nothing given stays null. */
export const enc = (app: FastifyInstance, caseId: string, section: Section, v: unknown): string | null =>
  v === undefined || v === null
    ? null
    : app.cipher.encrypt(typeof v === 'string' ? v : JSON.stringify(v), aad(caseId, section));

/** A section's stored JSON, decrypted. */
export const decJson = (app: FastifyInstance, caseId: string, section: Section, v: string | null) =>
  v === null ? null : (JSON.parse(app.cipher.decrypt(v, aad(caseId, section))) as Record<string, unknown>);

/** A section stored as plain words (wishes, narrative), decrypted. */
export const decText = (app: FastifyInstance, caseId: string, section: Section, v: string | null) =>
  v === null ? null : app.cipher.decrypt(v, aad(caseId, section));

/** AAD of a reason's words kept encrypted in an audit row's details (`reasonTextEnc`). */
export const auditTextAad = (caseId: string, auditAction: string) => `${caseId}#audit:${auditAction}`;

/**
 * The keyed blind indexes of a person's identifying facts (no plaintext is stored or compared): stored under the
 * current blind-index key (with its id when BLIND_INDEX_KEY_ID is set), looked up under every configured key.
 */
export const indexesOf = (app: FastifyInstance, facts: IdentifyingFacts) => victimIndexes(facts, app.blindIndexer);

/** Refuse an action on a case the caller's role or unit may not take. */
export function denied(action: string): never {
  throw new AuthError(403, 'not_allowed', `Not allowed to ${action.replace(/_/g, ' ')} on this case.`);
}
