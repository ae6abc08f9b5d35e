import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { audit, uuidv7 } from '@linkage/service-kit';
import { insertFacility, listFacilities } from '../db/queries.ts';
import type { FacilityRow } from '../db/schema.ts';
import type { CreateFacilityBody } from '../domain/facility/schemas.ts';

export const facilityView = (f: FacilityRow) => ({
  id: f.id,
  kind: f.kind,
  name: f.name,
  street: f.street,
  capacity: f.capacity,
  active: f.active,
});

/** Providers and institutions are data, kept by the platform admin. */
export async function createFacility(app: FastifyInstance, who: Principal, body: CreateFacilityBody) {
  const now = app.clock();
  const row = { id: uuidv7(now.getTime()), ...body, active: true, createdAt: now };
  await app.store.db.transaction(async (tx) => {
    await insertFacility(tx, row);
    await audit(tx, who, {
      action: 'facility.created',
      entityType: 'facility',
      entityId: row.id,
      details: { kind: body.kind, capacity: body.capacity },
    });
  });
  return facilityView(row);
}

export const facilities = async (app: FastifyInstance) => (await listFacilities(app.store.db)).map(facilityView);
