import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { audit, uuidv7 } from '@linkage/service-kit';
import { insertLawyer, listLawyers, womenGranted, womenGrantedBy } from '../db/queries.ts';
import { INDICATOR_11 } from '@linkage/contracts';
import type { LawyerRow } from '../db/schema.ts';
import { can } from '../domain/policy.ts';

export interface LawyerBody {
  name: string;
  organisation: string;
  gender: 'female' | 'male';
  practiceAreas: string[];
  maxCases: number;
}

const lawyerView = (l: LawyerRow) => ({
  id: l.id,
  name: l.name,
  organisation: l.organisation,
  gender: l.gender,
  practiceAreas: l.practiceAreas,
  activeCases: l.activeCases,
  maxCases: l.maxCases,
  active: l.active,
});

/** Register a lawyer or legal aid organisation that takes assignments. */
export async function registerLawyer(app: FastifyInstance, who: Principal, body: LawyerBody) {
  can(who, 'manage_lawyers');
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const l = await insertLawyer(tx, {
      id: uuidv7(now.getTime()),
      ...body,
      practiceAreas: [...new Set(body.practiceAreas)],
      createdAt: now,
    });
    await audit(tx, who, {
      action: 'lawyer.registered',
      entityType: 'lawyer',
      entityId: l.id,
      details: { practiceAreas: l.practiceAreas, maxCases: l.maxCases },
    });
    return lawyerView(l);
  });
}

export async function lawyers(app: FastifyInstance, who: Principal) {
  can(who, 'manage_lawyers');
  return (await listLawyers(app.store.db)).map(lawyerView);
}

/** Plan indicator 11 (获得法律援助的女性人数): women granted legal aid in [from, to), by street and matter type. */
export async function indicatorWomenGranted(app: FastifyInstance, who: Principal, from: Date, to: Date) {
  can(who, 'view_indicators');
  const [rows, total, streets, matters] = await Promise.all([
    womenGranted(app.store.db, from, to),
    womenGrantedBy(app.store.db, from, to, null),
    womenGrantedBy(app.store.db, from, to, 'street'),
    womenGrantedBy(app.store.db, from, to, 'matter_type'),
  ]);
  return {
    indicator: 'plan-11-women-granted-legal-aid',
    from: from.toISOString(),
    to: to.toISOString(),
    definition: INDICATOR_11.definition,
    total: total[0]?.n ?? 0,
    byStreet: streets.map((r) => ({ street: r.key ?? 'unknown', count: r.n })),
    byMatterType: matters.map((r) => ({ matterType: r.key ?? 'unknown', count: r.n })),
    byStreetAndMatterType: rows.map((r) => ({
      street: r.street ?? 'unknown',
      matterType: r.matterType,
      count: r.count,
    })),
  };
}
