import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import {
  assessments,
  clients,
  facilities,
  familyBeds,
  homeVisits,
  placements,
  respiteBookings,
  safeguardingFlags,
  trainings,
  type ClientRow,
  type FacilityRow,
} from './schema.ts';

export async function insertClientIfNew(tx: Executor, row: typeof clients.$inferInsert): Promise<boolean> {
  const r = await tx
    .insert(clients)
    .values(row)
    .onConflictDoNothing({ target: clients.requestId })
    .returning({ id: clients.id });
  return r.length > 0;
}

export async function findClient(db: Executor, id: string, lock = false): Promise<ClientRow | undefined> {
  const q = db.select().from(clients).where(eq(clients.id, id));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** `scope.streets`: null = every street; `withoutStreet`: include records with no street. */
export async function listClients(
  db: Executor,
  scope: { streets: string[] | null; withoutStreet: boolean },
  status?: string,
): Promise<ClientRow[]> {
  const where: SQL[] = [];
  if (scope.streets) {
    const inStreet = inArray(clients.street, scope.streets.length ? scope.streets : ['-']);
    where.push(scope.withoutStreet ? or(inStreet, isNull(clients.street))! : inStreet);
  } else if (!scope.withoutStreet) where.push(isNotNull(clients.street));
  if (status) where.push(eq(clients.status, status));
  return db
    .select()
    .from(clients)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(clients.assessBy))
    .limit(500);
}

export async function updateClient(tx: Executor, id: string, set: Partial<typeof clients.$inferInsert>): Promise<void> {
  await tx
    .update(clients)
    .set({ ...set, version: sql`${clients.version} + 1` })
    .where(eq(clients.id, id));
}

export async function insertAssessment(tx: Executor, row: typeof assessments.$inferInsert) {
  await tx.insert(assessments).values(row);
}

/** The client's latest assessment id (the one a new assessment re-assesses). */
export async function latestAssessmentId(tx: Executor, clientId: string): Promise<string | null> {
  const [r] = await tx
    .select({ id: assessments.id })
    .from(assessments)
    .where(eq(assessments.clientId, clientId))
    .orderBy(sql`${assessments.assessedAt} desc`)
    .limit(1);
  return r?.id ?? null;
}

export async function insertFacility(tx: Executor, row: typeof facilities.$inferInsert) {
  await tx.insert(facilities).values(row);
}
export async function findFacility(db: Executor, id: string, lock = false): Promise<FacilityRow | undefined> {
  const q = db.select().from(facilities).where(eq(facilities.id, id));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}
export const listFacilities = (db: Executor) => db.select().from(facilities).orderBy(asc(facilities.createdAt));

/** Days a person used or booked in a calendar year (delivered stays count what was delivered). */
export async function respiteDaysUsed(tx: Executor, clientId: string, year: number): Promise<number> {
  const [r] = await tx
    .select({
      n: sql<number>`coalesce(sum(case when ${respiteBookings.status} = 'delivered' then ${respiteBookings.daysDelivered} else ${respiteBookings.days} end), 0)::int`,
    })
    .from(respiteBookings)
    .where(
      and(
        eq(respiteBookings.clientId, clientId),
        eq(respiteBookings.year, year),
        ne(respiteBookings.status, 'cancelled'),
      ),
    );
  return r?.n ?? 0;
}

/** Live stays at a provider overlapping [start, end]. */
export async function overlappingStays(tx: Executor, facilityId: string, start: string, end: string) {
  return tx
    .select({ startDate: respiteBookings.startDate, endDate: respiteBookings.endDate })
    .from(respiteBookings)
    .where(
      and(
        eq(respiteBookings.facilityId, facilityId),
        eq(respiteBookings.status, 'booked'),
        lte(respiteBookings.startDate, end),
        gte(respiteBookings.endDate, start),
      ),
    );
}

export async function insertBooking(tx: Executor, row: typeof respiteBookings.$inferInsert) {
  await tx.insert(respiteBookings).values(row);
}
export async function findBooking(db: Executor, id: string) {
  const [r] = await db.select().from(respiteBookings).where(eq(respiteBookings.id, id));
  return r;
}
export async function updateBooking(tx: Executor, id: string, set: Partial<typeof respiteBookings.$inferInsert>) {
  await tx.update(respiteBookings).set(set).where(eq(respiteBookings.id, id));
}

export async function insertVisit(tx: Executor, row: typeof homeVisits.$inferInsert) {
  await tx.insert(homeVisits).values(row);
}
export async function findVisit(db: Executor, id: string) {
  const [r] = await db.select().from(homeVisits).where(eq(homeVisits.id, id));
  return r;
}
export async function updateVisit(tx: Executor, id: string, set: Partial<typeof homeVisits.$inferInsert>) {
  await tx.update(homeVisits).set(set).where(eq(homeVisits.id, id));
}

export async function activeFamilyBed(tx: Executor, clientId: string) {
  const [r] = await tx
    .select({ id: familyBeds.id })
    .from(familyBeds)
    .where(and(eq(familyBeds.clientId, clientId), eq(familyBeds.status, 'active')));
  return r;
}
export async function insertFamilyBed(tx: Executor, row: typeof familyBeds.$inferInsert) {
  await tx.insert(familyBeds).values(row);
}

export async function openPlacementOf(tx: Executor, clientId: string) {
  const [r] = await tx
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.clientId, clientId), inArray(placements.status, ['waiting', 'placed'])));
  return r;
}
export async function insertPlacement(tx: Executor, row: typeof placements.$inferInsert) {
  await tx.insert(placements).values(row);
}
export async function findPlacement(db: Executor, id: string) {
  const [r] = await db.select().from(placements).where(eq(placements.id, id));
  return r;
}
export async function updatePlacement(tx: Executor, id: string, set: Partial<typeof placements.$inferInsert>) {
  await tx.update(placements).set(set).where(eq(placements.id, id));
}
export async function bedsInUse(tx: Executor, facilityId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(placements)
    .where(and(eq(placements.facilityId, facilityId), eq(placements.status, 'placed')));
  return r?.n ?? 0;
}
export async function waitingAt(tx: Executor, facilityId: string) {
  return tx
    .select({
      id: placements.id,
      hardship: placements.hardship,
      levelRank: placements.levelRank,
      requestedAt: placements.requestedAt,
      clientId: placements.clientId,
      costBasis: placements.costBasis,
    })
    .from(placements)
    .where(and(eq(placements.facilityId, facilityId), eq(placements.status, 'waiting')));
}

export async function insertTraining(tx: Executor, row: typeof trainings.$inferInsert) {
  await tx.insert(trainings).values(row);
}
export async function insertSafeguarding(tx: Executor, row: typeof safeguardingFlags.$inferInsert) {
  await tx.insert(safeguardingFlags).values(row);
}

export interface Period {
  from: Date;
  to: Date;
  street?: string | undefined;
}

/** Indicator counts by street over [from, to). */
export async function indicatorCounts(db: Executor, p: Period) {
  const st = p.street ? sql`and c.street = ${p.street}` : sql``;
  const from = sql`${p.from.toISOString()}::timestamptz`;
  const to = sql`${p.to.toISOString()}::timestamptz`;
  const rows = await db.execute<{ street: string | null; metric: string; n: number }>(sql`
    select c.street, 'respite_days_delivered' as metric, coalesce(sum(b.days_delivered), 0)::int as n
      from respite_bookings b join clients c on c.id = b.client_id
     where b.status = 'delivered' and b.delivered_at >= ${from} and b.delivered_at < ${to} ${st} group by c.street
    union all
    select c.street, 'home_visits_' || v.status, count(*)::int
      from home_visits v join clients c on c.id = v.client_id
     where v.status in ('delivered', 'missed') and v.closed_at >= ${from} and v.closed_at < ${to} ${st} group by c.street, v.status
    union all
    select c.street, 'placements_made', count(*)::int
      from placements pl join clients c on c.id = pl.client_id
     where pl.placed_at >= ${from} and pl.placed_at < ${to} ${st} group by c.street
    union all
    select c.street, 'family_beds_set_up', count(*)::int
      from family_beds f join clients c on c.id = f.client_id
     where f.set_up_at >= ${from} and f.set_up_at < ${to} ${st} group by c.street
    union all
    select c.street, 'caregiver_trainings', count(*)::int
      from trainings t join clients c on c.id = t.client_id
     where t.held_at >= ${from} and t.held_at < ${to} ${st} group by c.street
    union all
    select c.street, 'safeguarding_referred', count(*)::int
      from safeguarding_flags s join clients c on c.id = s.client_id
     where s.outcome = 'referred' and s.raised_at >= ${from} and s.raised_at < ${to} ${st} group by c.street
  `);
  return [...rows];
}

/** Institution beds now: capacity and beds in use, by the institution's street. */
export async function bedOccupancy(db: Executor, street?: string) {
  const st = street ? sql`and f.street = ${street}` : sql``;
  const rows = await db.execute<{ street: string | null; capacity: number; in_use: number }>(sql`
    select f.street, sum(f.capacity)::int as capacity,
           coalesce(sum((select count(*) from placements p where p.facility_id = f.id and p.status = 'placed')), 0)::int as in_use
      from facilities f where f.kind = 'institution' and f.active ${st} group by f.street`);
  return [...rows];
}
