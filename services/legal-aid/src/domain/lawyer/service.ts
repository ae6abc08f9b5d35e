import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { uuidv7 } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { insertLawyer, listLawyers, womenGranted } from '../../db/queries.ts';
import type { LawyerRow } from '../../db/schema.ts';
import { can } from '../policy.ts';

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
    const l = await insertLawyer(tx, { id: uuidv7(now.getTime()), ...body, practiceAreas: [...new Set(body.practiceAreas)], createdAt: now });
    await audit(tx, who, { action: 'lawyer.registered', entityType: 'lawyer', entityId: l.id, details: { practiceAreas: l.practiceAreas, maxCases: l.maxCases } });
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
  const rows = await womenGranted(app.store.db, from, to);
  const tally = (key: 'street' | 'matterType') => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r[key] ?? 'unknown', (m.get(r[key] ?? 'unknown') ?? 0) + r.count);
    return [...m];
  };
  return {
    indicator: 'plan-11-women-granted-legal-aid',
    from: from.toISOString(),
    to: to.toISOString(),
    total: rows.reduce((n, r) => n + r.count, 0),
    byStreet: tally('street').map(([street, count]) => ({ street, count })),
    byMatterType: tally('matterType').map(([matterType, count]) => ({ matterType, count })),
    byStreetAndMatterType: rows.map((r) => ({ street: r.street ?? 'unknown', matterType: r.matterType, count: r.count })),
  };
}
