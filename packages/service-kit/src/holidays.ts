// The State Council holiday schedule as data, in each service that counts day periods (its own table,
// seeded by its migration), editable by admins through an audited endpoint. See calendar.ts for the law.
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Executor } from '@linkage/db';
import { requireRole } from '@linkage/auth';
import { audit } from './audit.ts';
import { calendarOf, validateHolidayYear, type Calendar, type HolidayYear } from '@linkage/domain';
import { ValidationError } from '@linkage/domain';
import { problemResponses } from './schemas.ts';

/** One row per year: its statutory holidays and make-up working days. A service's schema re-exports it. */
export const holidayCalendar = pgTable('holiday_calendar', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  workdays: jsonb('workdays').$type<string[]>().notNull(),
  source: text('source').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** The calendar in force, read in the caller's transaction (so every instance sees an admin's edit at once). */
export async function loadCalendar(db: Executor): Promise<Calendar> {
  const rows = await db.select().from(holidayCalendar);
  return calendarOf(rows.map((r) => ({ year: r.year, holidays: r.holidays, workdays: r.workdays, source: r.source })));
}

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const YearBody = Type.Object(
  {
    holidays: Type.Array(DateStr, { maxItems: 60, uniqueItems: true }),
    workdays: Type.Array(DateStr, { maxItems: 30, uniqueItems: true }),
    source: Type.String({ minLength: 5, maxLength: 300 }),
  },
  { additionalProperties: false },
);
const YearView = Type.Object({
  year: Type.Integer(),
  holidays: Type.Array(Type.String()),
  workdays: Type.Array(Type.String()),
  source: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
});
const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

/** GET /admin/holidays (admin and coordinators read), PUT /admin/holidays/:year (admin, audited). */
export async function holidayRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/admin/holidays',
    {
      onRequest: [app.authenticate, requireRole('admin', 'coordinator')],
      schema: {
        tags: ['calendar'],
        summary: 'The State Council holiday and make-up working day schedule this service counts day periods with',
        response: { 200: Type.Object({ items: Type.Array(YearView) }), ...problemResponses },
      },
    },
    async () => {
      const rows = await app.store.db.select().from(holidayCalendar).orderBy(holidayCalendar.year);
      return {
        items: rows.map((r: typeof holidayCalendar.$inferSelect) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
      };
    },
  );
  app.put(
    '/admin/holidays/:year',
    {
      onRequest: [app.authenticate, requireRole('admin')],
      schema: {
        tags: ['calendar'],
        summary: "Set a year's statutory holidays and make-up working days (from the State Council notice); audited",
        params: Year,
        body: YearBody,
        response: { 200: YearView, ...problemResponses },
      },
    },
    async (req) => {
      const y: HolidayYear = { year: req.params.year, ...req.body };
      const problem = validateHolidayYear(y);
      if (problem) throw new ValidationError('invalid_holiday_schedule', problem);
      const now = app.clock();
      const row = {
        year: y.year,
        holidays: [...y.holidays].sort(),
        workdays: [...y.workdays].sort(),
        source: y.source,
        updatedAt: now,
        updatedBy: req.user.sub,
      };
      await app.store.db.transaction(async (tx: Executor) => {
        await tx
          .insert(holidayCalendar)
          .values(row)
          .onConflictDoUpdate({
            target: holidayCalendar.year,
            set: {
              holidays: row.holidays,
              workdays: row.workdays,
              source: row.source,
              updatedAt: now,
              updatedBy: row.updatedBy,
            },
          });
        await audit(tx, req.user, {
          action: 'holiday_calendar.updated',
          entityType: 'holiday_calendar',
          entityId: String(y.year),
          details: { holidays: row.holidays.length, workdays: row.workdays.length },
        });
      });
      return { ...row, updatedAt: now.toISOString() };
    },
  );
}

/** SQL to seed a migration with the published schedules (used once, when a service's table is created). */
export function seedSql(years: readonly HolidayYear[]): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return years
    .map(
      (y) =>
        `INSERT INTO "holiday_calendar" ("year", "holidays", "workdays", "source", "updated_by") VALUES (${y.year}, ${q(JSON.stringify(y.holidays))}::jsonb, ${q(JSON.stringify(y.workdays))}::jsonb, ${q(y.source)}, 'migration') ON CONFLICT ("year") DO NOTHING;`,
    )
    .join('\n--> statement-breakpoint\n');
}
