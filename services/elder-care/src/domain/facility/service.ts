import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { StreetCode } from '@linkage/contracts';
import type { Principal } from '@linkage/auth';
import { uuidv7 } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { insertFacility, listFacilities } from '../../db/queries.ts';
import type { FacilityRow } from '../../db/schema.ts';

export const CreateFacilityBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('respite_provider'), Type.Literal('institution')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    street: Type.Union([StreetCode, Type.Null()]),
    /** Respite places per day, or institution beds. */
    capacity: Type.Integer({ minimum: 0, maximum: 5000 }),
  },
  { additionalProperties: false },
);
export type CreateFacilityBody = Static<typeof CreateFacilityBody>;

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
