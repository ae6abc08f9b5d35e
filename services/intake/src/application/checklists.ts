import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { ConflictError, ValidationError } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import { checklistProblems, type Checklist } from '../domain/risk/checklist.ts';

/** The checklist operators screen with now. */
export const currentChecklist = (app: FastifyInstance): Promise<Checklist> => q.activeChecklist(app.store.db);

/** Publish a new checklist version (admin); it scores every screening from now on. Audited. */
export async function publishChecklist(app: FastifyInstance, who: Principal, c: Checklist): Promise<Checklist> {
  const problems = checklistProblems(c);
  if (problems.length > 0) throw new ValidationError('invalid_checklist', 'The checklist is not consistent.', problems);
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    if (!(await q.publishChecklist(tx, c, who.sub, now)))
      throw new ConflictError(
        'checklist_version_exists',
        `Checklist version ${c.version} exists already; publish a new version.`,
      );
    await audit(tx, who, {
      action: 'risk_checklist.published',
      entityType: 'risk_checklist',
      entityId: c.version,
      details: { items: c.items.length, highThreshold: c.highThreshold, mediumThreshold: c.mediumThreshold },
    });
    return c;
  });
}
